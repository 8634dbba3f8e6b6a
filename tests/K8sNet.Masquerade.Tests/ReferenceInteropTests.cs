using K8sNet.Masquerade.Iptables;
using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>
/// The reference plugin (/usr/lib/cni/bridge) and our backend on the same node namespace: same rules, and each
/// removes what the other made (a live node upgraded from the reference to K8sNet, or rolled back).
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class ReferenceInteropTests
{
    private const string ReferenceBridge = "/usr/lib/cni/bridge";

    [RootFact]
    public void The_reference_plugin_installs_the_golden_rules_and_our_teardown_without_addresses_removes_them()
    {
        if (!File.Exists(ReferenceBridge))
        {
            return; // The reference is optional on a build machine; the golden file still pins its output.
        }

        using var node = TestNetNs.Create("mnode");
        using var pod = TestNetNs.Create("mpod");
        using var data = new TempDir();
        Reference("ADD", node, pod, data).EnsureSuccess("reference bridge ADD");
        NatTable.CniLines(node).Should().Equal(NatTable.GoldenLines("reference-save-v4.txt"));

        new IptablesMasqueradeBackend(new NetNsRunner(node.Name)).Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        NatTable.CniLines(node).Should().BeEmpty();
    }

    [RootFact]
    public void The_reference_DEL_removes_the_rules_our_setup_rewrote()
    {
        if (!File.Exists(ReferenceBridge))
        {
            return;
        }

        using var node = TestNetNs.Create("mnode");
        using var pod = TestNetNs.Create("mpod");
        using var data = new TempDir();
        Reference("ADD", node, pod, data).EnsureSuccess("reference bridge ADD");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(node.Name));
        backend.Setup(Golden.DocExample());
        NatTable.CniLines(node).Should().Equal(NatTable.GoldenLines("reference-save-v4.txt"));

        Reference("DEL", node, pod, data).EnsureSuccess("reference bridge DEL");

        NatTable.CniLines(node).Should().BeEmpty();
    }

    private static CommandResult Reference(string verb, TestNetNs node, TestNetNs pod, TempDir data)
    {
        var config = $$$"""
            {"cniVersion":"0.4.0","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,
             "ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"dataDir":"{{{data.Path}}}"}}
            """;
        return Command.Run(
            "ip",
            ["netns", "exec", node.Name, ReferenceBridge],
            config,
            new Dictionary<string, string?>
            {
                ["CNI_COMMAND"] = verb,
                ["CNI_CONTAINERID"] = "abc123",
                ["CNI_NETNS"] = pod.Path,
                ["CNI_IFNAME"] = "eth0",
                ["CNI_PATH"] = "/usr/lib/cni",
            });
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("k8snet-masq-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
