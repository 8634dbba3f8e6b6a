using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>A <see cref="ThrowawayNode"/> with the seed's config and the verbs as one-liners.</summary>
public sealed class CniNode : ThrowawayNode
{
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
        PublishedBinary.Run(Env(verb, containerId, netns, ifName), config, Node, binary);

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
}

internal static class Json
{
    public static JsonElement Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
