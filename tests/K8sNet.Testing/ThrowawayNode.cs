using System.Text.Json.Nodes;

namespace K8sNet.Testing;

/// <summary>
/// A throwaway "node": its own network namespace, where the plugin runs as kubelet's runtime would run it
/// (`ip netns exec NODE k8snet` with CNI_* env and the config on stdin), and a private lease directory. Pods are
/// further namespaces. Everything is removed on dispose, also after a failure.
/// </summary>
public class ThrowawayNode : IDisposable
{
    private readonly List<TestNetNs> _pods = [];
    private readonly string _podRole;

    public ThrowawayNode(string nodeRole = "node", string podRole = "pod", string dataDirPrefix = "k8snet-e2e-")
    {
        Node = TestNetNs.Create(nodeRole);
        DataDir = Directory.CreateTempSubdirectory(dataDirPrefix).FullName;
        _podRole = podRole;
    }

    public TestNetNs Node { get; }

    public string DataDir { get; }

    public TestNetNs NewPod()
    {
        var pod = TestNetNs.Create(_podRole);
        lock (_pods)
        {
            _pods.Add(pod);
        }

        return pod;
    }

    /// <summary>The CNI_* variables of one invocation, as a runtime sets them.</summary>
    public static Dictionary<string, string?> Env(string verb, string containerId, string netns, string ifName = "eth0") => new()
    {
        ["CNI_COMMAND"] = verb,
        ["CNI_CONTAINERID"] = containerId,
        ["CNI_NETNS"] = netns,
        ["CNI_IFNAME"] = ifName,
        ["CNI_PATH"] = "/usr/lib/cni",
    };

    /// <summary>The config with the ADD result as prevResult, as a runtime sends it to CHECK and DEL.</summary>
    public static string WithPrevResult(string config, string prevResult)
    {
        var conf = JsonNode.Parse(config)!.AsObject();
        conf["prevResult"] = JsonNode.Parse(prevResult);
        return conf.ToJsonString();
    }

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

        GC.SuppressFinalize(this);
    }
}
