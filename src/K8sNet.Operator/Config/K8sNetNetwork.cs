using System.Text.Json;
using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using K8sNet.Ipam.Config;

namespace K8sNet.Operator.Config;

/// <summary>
/// What the operator commands need from a K8sNet network config: its name, bridge, whether it masquerades, and the
/// lease directory (<c>&lt;dataDir&gt;/&lt;name&gt;</c>) where host-local keeps the leases and the by-container index.
/// </summary>
public sealed record K8sNetNetwork(string ConfigPath, string Name, string Bridge, bool IpMasq, string NetworkDir)
{
    /// <summary>The K8sNet members of a file; a member whose keys the plugin would refuse throws with the reason.</summary>
    public static IReadOnlyList<K8sNetNetwork> From(NetworkConfigFile file)
    {
        var networks = new List<K8sNetNetwork>();
        foreach (var plugin in file.Plugins.Where(p => p.IsK8sNet))
        {
            var conf = NetConfJson.Read(ConfigJson.Parse(plugin.Json), plugin.Field);
            if (string.IsNullOrEmpty(conf.Name))
            {
                throw new ConfigFileException("name", $"{file.Path} has no network name");
            }

            var bridge = BridgeConfLoader.Load(ConfigChecker.InvocationFor(plugin, conf));
            networks.Add(new K8sNetNetwork(file.Path, conf.Name, bridge.BridgeName, bridge.IpMasq, IpamConfigLoader.NetworkDirectory(DataDir(conf), conf.Name)));
        }

        return networks;
    }

    /// <summary>ipam.dataDir without validating ranges (a broken range must not hide the leases that exist).</summary>
    private static string DataDir(NetConf conf) =>
        conf.Ipam is { ValueKind: JsonValueKind.Object } ipam
        && ipam.TryGetProperty("dataDir", out var dir) && dir.ValueKind == JsonValueKind.String && dir.GetString() is { Length: > 0 } text
            ? text
            : IpamConfigLoader.DefaultDataDir;
}
