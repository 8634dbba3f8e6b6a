using K8sNet.Cri.Tests.Harness;
using K8sNet.Cri.Tests.Runtime;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests;

/// <summary>
/// hostPorts the way kubelet drives them: `k8snet install`'s conflist (bridge, then K8sNet as portmap), a private
/// containerd, and a sandbox with port_mappings. containerd sends the mappings with capitalised keys and again at
/// teardown; the pod must answer on the node's hostPort, and nothing may be left after RemovePodSandbox.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(CriCollection.Name)]
public sealed class CriPortmapTests : IDisposable
{
    private readonly CriNode _node = new();

    public void Dispose() => _node.Dispose();

    [CriFact]
    public void A_pod_with_port_mappings_answers_on_the_host_port_and_remove_leaves_nothing()
    {
        var id = _node.Cri.RunPod(_node.NewPod("web") with
        {
            PortMappings = [PodSpec.HostPort(80, 8080), PodSpec.HostPort(53, 5353, Protocol.Udp)],
        });
        var listener = Path.Combine(AppContext.BaseDirectory, "Listener.py");
        _node.InPod(id, $"setsid python3 {listener} tcp 4 80 from-cri-pod </dev/null >/dev/null 2>&1 & "
            + "for i in $(seq 200); do ss -tlnH 'sport = :80' | grep -q . && exit 0; sleep 0.05; done; exit 1").ExitCode.Should().Be(0);

        var ruleset = _node.Node.Exec("nft list ruleset");
        ruleset.Should().Contain("dnat tcp * 8080").And.Contain("dnat udp * 5353").And.Contain($"id={id}");
        Ask(CriNode.Gateway).Should().Be("from-cri-pod", "the node's address (the bridge's) on the hostPort reaches the pod");
        Ask("127.0.0.1").Should().Be("from-cri-pod", "and so does localhost");
        _node.PluginLog().Should().Contain(l => l.Contains($"id={id}") && l.Contains("ADD") && l.Contains("ok"));

        _node.Cri.StopPod(id);
        _node.Cri.RemovePod(id);

        _node.Node.Exec("nft list ruleset").Should().NotContain("k8snet-hostport");
        _node.Node.Exec("sysctl -n net.ipv4.conf.cnio0.route_localnet").Trim().Should().Be("0");
        _node.Leases().Should().BeEmpty();
    }

    private string Ask(string host) =>
        _node.Node.TryExec($"echo ping | timeout 12 socat -t 8 -T 8 - TCP4:{host}:8080,connect-timeout=5").Stdout.Trim();
}
