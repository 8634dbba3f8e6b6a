using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// A throwaway "node": its own network namespace, where the plugin runs as kubelet's runtime would run it
/// (`ip netns exec NODE k8snet` with CNI_* env and the config on stdin), and a private lease directory.
/// Pods are further namespaces. Everything is removed on dispose.
/// </summary>
public sealed class CniNode : IDisposable
{
    private readonly List<TestNetNs> _pods = [];

    public CniNode()
    {
        Node = TestNetNs.Create("node");
        DataDir = Directory.CreateTempSubdirectory("k8snet-e2e-").FullName;
    }

    public TestNetNs Node { get; }

    public string DataDir { get; }

    public TestNetNs NewPod()
    {
        var pod = TestNetNs.Create("pod");
        lock (_pods)
        {
            _pods.Add(pod);
        }

        return pod;
    }

    /// <summary>The seed's config (Kubernetes The Hard Way), with this node's private dataDir.</summary>
    public string SeedConfig(string version = "0.3.1", bool ipMasq = true, string subnet = "10.200.0.0/24", string? masqBackend = null) =>
        Config(version, ipMasq, ranges: $$"""[[{"subnet":"{{subnet}}"}]]""", extra: masqBackend is null ? "" : $",\"ipMasqBackend\":\"{masqBackend}\"");

    /// <summary>The node's nf_tables ruleset as `nft list ruleset` prints it.</summary>
    public string NftRuleset() => Node.Exec("nft list ruleset");

    public string Config(string version, bool ipMasq, string ranges, string extra = "", string routes = """[{"dst":"0.0.0.0/0"}]""") =>
        "{\"cniVersion\":\"" + version + "\",\"name\":\"bridge\",\"type\":\"bridge\",\"bridge\":\"cnio0\",\"isGateway\":true,\"ipMasq\":"
        + (ipMasq ? "true" : "false") + extra
        + ",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + DataDir + "\",\"ranges\":" + ranges + ",\"routes\":" + routes + "}}";

    public CommandResult Add(TestNetNs pod, string containerId, string config, string ifName = "eth0", string? binary = null) =>
        Invoke("ADD", containerId, pod.Path, config, ifName, binary);

    public CommandResult Del(string netnsPath, string containerId, string config, string ifName = "eth0", string? binary = null) =>
        Invoke("DEL", containerId, netnsPath, config, ifName, binary);

    public CommandResult Check(TestNetNs pod, string containerId, string config, string prevResult, string ifName = "eth0") =>
        Invoke("CHECK", containerId, pod.Path, WithPrevResult(config, prevResult), ifName, null);

    public CommandResult Invoke(string verb, string containerId, string netns, string config, string ifName, string? binary) =>
        PublishedBinary.Run(
            new Dictionary<string, string?>
            {
                ["CNI_COMMAND"] = verb,
                ["CNI_CONTAINERID"] = containerId,
                ["CNI_NETNS"] = netns,
                ["CNI_IFNAME"] = ifName,
                ["CNI_PATH"] = "/usr/lib/cni",
            },
            config,
            Node,
            binary);

    public static string WithPrevResult(string config, string prevResult)
    {
        var conf = JsonNode.Parse(config)!.AsObject();
        conf["prevResult"] = JsonNode.Parse(prevResult);
        return conf.ToJsonString();
    }

    /// <summary>Lease files (IP-named) in this node's lease directory for the network.</summary>
    public IReadOnlyList<string> Leases(string network = "bridge")
    {
        var dir = Path.Combine(DataDir, network);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Where(n => System.Net.IPAddress.TryParse(n, out _)).ToList()
            : [];
    }

    /// <summary>Host-side veths on the node.</summary>
    public IReadOnlyList<string> Veths() =>
        Node.Exec("ip -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        foreach (var pod in _pods)
        {
            pod.Dispose();
        }

        Node.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Json
{
    public static JsonElement Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
