using System.Text.Json;
using K8sNet.Bridge.Config;
using K8sNet.Bridge.Ipam;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using K8sNet.Ipam.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Operator.Config;

/// <summary>
/// Validates a .conf or .conflist with the loaders the plugin itself runs on ADD (common keys, bridge keys, host-local
/// ranges/routes), so "config check" passes exactly when the plugin would accept the config. Each loader stops at its
/// first error; running them independently still names one problem per section.
/// </summary>
public static class ConfigChecker
{
    public static IReadOnlyList<ConfigProblem> Check(string path)
    {
        try
        {
            return Check(NetworkConfigFile.Load(path));
        }
        catch (ConfigFileException ex)
        {
            return [new ConfigProblem(ex.Field, ex.Reason)];
        }
    }

    public static IReadOnlyList<ConfigProblem> Check(NetworkConfigFile file)
    {
        var problems = new List<ConfigProblem>();
        CheckCommon(file, problems);
        foreach (var plugin in file.Plugins)
        {
            CheckPlugin(plugin, problems);
        }

        if (file.IsList && !file.Plugins.Any(p => p.IsK8sNet))
        {
            problems.Add(new ConfigProblem("plugins", "no member has type \"k8snet\" or \"bridge\", so K8sNet is not used"));
        }

        return problems;
    }

    private static void CheckCommon(NetworkConfigFile file, List<ConfigProblem> problems)
    {
        if (string.IsNullOrEmpty(file.Name))
        {
            problems.Add(new ConfigProblem("name", "missing network name"));
        }
        else if (!NameValidation.IsValidIdentifier(file.Name))
        {
            problems.Add(new ConfigProblem("name", $"\"{file.Name}\" has characters other than letters, digits, _ . - (or does not start with a letter or digit)"));
        }

        Try(() => CniVersion.ParseSupported(file.CniVersion), "cniVersion", problems);
    }

    private static void CheckPlugin(PluginConfig plugin, List<ConfigProblem> problems)
    {
        if (plugin.Type.Length == 0)
        {
            problems.Add(new ConfigProblem(plugin.Qualify("type"), "missing: every plugin config names its plugin binary in \"type\""));
            return;
        }

        NetConf conf;
        try
        {
            conf = NetConfJson.Read(ConfigJson.Parse(plugin.Json));
        }
        catch (CniException ex)
        {
            problems.Add(ConfigProblem.FromMessage(ex.Message, plugin.Qualify));
            return;
        }

        if (plugin.Type == "portmap")
        {
            // K8sNet as portmap reads the same keys the plugin does, so `config check` refuses what ADD would.
            Try(() => Portmap.Config.PortmapConfLoader.Load(ConfigJson.Parse(plugin.Json)), plugin.Qualify(string.Empty), problems, plugin.Qualify);
            return;
        }

        if (!plugin.IsK8sNet || string.IsNullOrEmpty(conf.Name))
        {
            return;
        }

        var invocation = InvocationFor(plugin, conf);
        Try(() => BridgeConfLoader.Load(invocation), plugin.Qualify(string.Empty), problems, plugin.Qualify);
        var ipamChecked = Try(() => IpamSelector.For(invocation), plugin.Qualify("ipam"), problems, plugin.Qualify);
        if (ipamChecked && IsHostLocal(conf))
        {
            Try(() => IpamConfigLoader.Load(invocation), plugin.Qualify("ipam"), problems, plugin.Qualify);
        }
    }

    private static bool IsHostLocal(NetConf conf) =>
        conf.Ipam is { ValueKind: JsonValueKind.Object } ipam
        && ipam.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && type.GetString() == IpamSelector.HostLocalType;

    /// <summary>An ADD as a runtime would send it, with a placeholder container: the loaders only read config and CNI_ARGS.</summary>
    internal static CniInvocation InvocationFor(PluginConfig plugin, NetConf conf)
    {
        var request = new CniRequest(CniCommand.Add, "k8snet-config-check", string.Empty, "eth0", CniArgs.Empty, string.Empty, [], plugin.Json);
        var version = CniVersion.TryParse(conf.CniVersion, out var v) ? v : CniVersion.Latest;
        return new CniInvocation(request, conf, version, null, NullLogger.Instance);
    }

    private static bool Try(Action action, string field, List<ConfigProblem> problems, Func<string, string>? qualify = null)
    {
        try
        {
            action();
            return true;
        }
        catch (CniException ex)
        {
            problems.Add(qualify is null ? new ConfigProblem(field, ex.Message) : ConfigProblem.FromMessage(ex.Message, qualify));
            return false;
        }
    }
}
