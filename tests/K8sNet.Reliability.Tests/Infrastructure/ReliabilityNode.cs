using System.Text;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>A <see cref="ThrowawayNode"/> with the reliability suite's config and its byte-exact binary runner.</summary>
public sealed class ReliabilityNode() : ThrowawayNode("rnode", "rpod", "k8snet-rel-")
{
    /// <summary>A bridge config in this node's dataDir; <paramref name="ipam"/> replaces the whole ipam section.</summary>
    public string Config(string version = "1.0.0", bool ipMasq = true, string ranges = """[[{"subnet":"10.222.0.0/24"}]]""", string name = "rel", string? ipam = null, string extra = "") =>
        $$"""{"cniVersion":"{{version}}","name":"{{name}}","type":"bridge","bridge":"rel0","isGateway":true,"ipMasq":{{(ipMasq ? "true" : "false")}}{{extra}},"ipam":{{ipam ?? IpamSection(ranges)}}}""";

    public string IpamSection(string ranges) =>
        $$"""{"type":"host-local","dataDir":"{{DataDir}}","ranges":{{ranges}},"routes":[{"dst":"0.0.0.0/0"}]}""";

    /// <summary>How long one run may take before it counts as blocked (and is killed).</summary>
    public TimeSpan Timeout { get; set; } = BinaryRun.DefaultTimeout;

    /// <summary>Runs go through this command first (e.g. into a <see cref="PrivateMount"/>'s mount namespace).</summary>
    public IReadOnlyList<string>? Prefix { get; set; }

    /// <summary>The published binary under its other name: the standalone IPAM plugin.</summary>
    public static string HostLocal => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, "host-local");

    public BinaryReply Run(IReadOnlyDictionary<string, string?> env, string stdin, string? binary = null) =>
        BinaryRun.Run(Node, env, Encoding.UTF8.GetBytes(stdin), binary, Timeout, Prefix);

    public BinaryReply Run(IReadOnlyDictionary<string, string?> env, byte[] stdin, string? binary = null) => BinaryRun.Run(Node, env, stdin, binary, Timeout, Prefix);

    public BinaryReply Add(TestNetNs pod, string containerId, string config, string ifName = "eth0") =>
        Run(Env("ADD", containerId, pod.Path, ifName), config);

    public BinaryReply Del(TestNetNs? pod, string containerId, string config, string ifName = "eth0") =>
        Run(Env("DEL", containerId, pod?.Path ?? string.Empty, ifName), config);

    public BinaryReply Check(TestNetNs pod, string containerId, string config, string prevResult, string ifName = "eth0") =>
        Run(Env("CHECK", containerId, pod.Path, ifName), WithPrevResult(config, prevResult));

    /// <summary>Everything a failed call must leave as it was: node links/addresses/routes/rules, the pods, the dataDir.</summary>
    public NodeSnapshot Snapshot(params TestNetNs[] pods) => NodeSnapshot.Take(Node, DataDir, pods);

    /// <summary>
    /// The snapshot once the node is at rest: a veth a preparing ADD made gains its carrier some moments later
    /// (NO-CARRIER goes, LOWER_UP comes), which is the kernel's doing, not the refused call's. Taken until two in a row
    /// agree, for at most about 3 s; the last one is returned either way.
    /// </summary>
    public NodeSnapshot SettledSnapshot(params TestNetNs[] pods)
    {
        var last = Snapshot(pods);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            Thread.Sleep(100);
            var next = Snapshot(pods);
            if (next == last)
            {
                return next;
            }

            last = next;
        }

        return last;
    }
}
