using System.Text;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>
/// A throwaway node (its own network namespace) with a private dataDir, and pods as further namespaces. The plugin
/// runs in the node namespace as a runtime would run it. Everything is removed on dispose, also after a failure.
/// </summary>
public sealed class ReliabilityNode : IDisposable
{
    private readonly List<TestNetNs> _pods = [];

    public ReliabilityNode()
    {
        Node = TestNetNs.Create("rnode");
        DataDir = Directory.CreateTempSubdirectory("k8snet-rel-").FullName;
    }

    public TestNetNs Node { get; }

    public string DataDir { get; }

    public TestNetNs NewPod()
    {
        var pod = TestNetNs.Create("rpod");
        lock (_pods)
        {
            _pods.Add(pod);
        }

        return pod;
    }

    /// <summary>A bridge config in this node's dataDir; <paramref name="ipam"/> replaces the whole ipam section.</summary>
    public string Config(string version = "1.0.0", bool ipMasq = true, string ranges = """[[{"subnet":"10.222.0.0/24"}]]""", string name = "rel", string? ipam = null, string extra = "") =>
        $$"""{"cniVersion":"{{version}}","name":"{{name}}","type":"bridge","bridge":"rel0","isGateway":true,"ipMasq":{{(ipMasq ? "true" : "false")}}{{extra}},"ipam":{{ipam ?? IpamSection(ranges)}}}""";

    public string IpamSection(string ranges) =>
        $$"""{"type":"host-local","dataDir":"{{DataDir}}","ranges":{{ranges}},"routes":[{"dst":"0.0.0.0/0"}]}""";

    public static Dictionary<string, string?> Env(string verb, string containerId, string netns, string ifName = "eth0") => new()
    {
        ["CNI_COMMAND"] = verb,
        ["CNI_CONTAINERID"] = containerId,
        ["CNI_NETNS"] = netns,
        ["CNI_IFNAME"] = ifName,
        ["CNI_PATH"] = "/usr/lib/cni",
    };

    public BinaryReply Run(IReadOnlyDictionary<string, string?> env, string stdin, string? binary = null) =>
        BinaryRun.Run(Node, env, Encoding.UTF8.GetBytes(stdin), binary);

    public BinaryReply Run(IReadOnlyDictionary<string, string?> env, byte[] stdin) => BinaryRun.Run(Node, env, stdin);

    public BinaryReply Add(TestNetNs pod, string containerId, string config, string ifName = "eth0") =>
        Run(Env("ADD", containerId, pod.Path, ifName), config);

    public BinaryReply Del(TestNetNs? pod, string containerId, string config, string ifName = "eth0") =>
        Run(Env("DEL", containerId, pod?.Path ?? string.Empty, ifName), config);

    public BinaryReply Check(TestNetNs pod, string containerId, string config, string prevResult, string ifName = "eth0") =>
        Run(Env("CHECK", containerId, pod.Path, ifName), WithPrevResult(config, prevResult));

    public static string WithPrevResult(string config, string prevResult)
    {
        var conf = System.Text.Json.Nodes.JsonNode.Parse(config)!.AsObject();
        conf["prevResult"] = System.Text.Json.Nodes.JsonNode.Parse(prevResult);
        return conf.ToJsonString();
    }

    /// <summary>Everything a failed call must leave as it was: node links/addresses/routes/rules, the pods, the dataDir.</summary>
    public NodeSnapshot Snapshot(params TestNetNs[] pods) => NodeSnapshot.Take(Node, DataDir, pods);

    public void Dispose()
    {
        lock (_pods)
        {
            foreach (var pod in _pods)
            {
                pod.Dispose();
            }
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
