using Grpc.Core;
using K8sNet.Cri.Tests.Harness;
using K8sNet.Cri.Tests.Runtime;

namespace K8sNet.Cri.Tests;

/// <summary>
/// Issue 21's starting point: a bin dir without `loopback` (an install from before it was linked, or one removed by
/// hand). containerd 1.6 runs lo's and eth0's ADDs in parallel, so K8sNet wires the pod, then the sandbox fails on the
/// missing plugin and its teardown stops at loopback's DEL, before K8sNet's. Why `install` links loopback — and that
/// putting it back lets kubelet's Stop + Remove clean up every attempt.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(CriCollection.Name)]
public sealed class CriMissingLoopbackTests : IDisposable
{
    private readonly CriNode _node = new();

    public CriMissingLoopbackTests() => File.Delete(Path.Combine(_node.Dirs.CniBin, "loopback"));

    public void Dispose() => _node.Dispose();

    [CriFact]
    public void Without_loopback_every_attempt_leaks_a_wired_pod_and_putting_it_back_lets_stop_and_remove_clean_up()
    {
        var stuck = new List<string>();
        for (uint attempt = 0; attempt < 2; attempt++)
        {
            var run = () => _node.Cri.RunPod(_node.NewPod("nolo") with { Attempt = attempt });

            run.Should().Throw<RpcException>().Which.Status.Detail.Should()
                .Contain("plugin type=\"loopback\" failed (add): failed to find plugin \"loopback\" in path");

            stuck = _node.Cri.ListPods().Select(p => p.Id).ToList();
            stuck.Should().HaveCount((int)attempt + 1, "containerd keeps each failed sandbox");
            _node.Cri.ListPods().Should().OnlyContain(p => p.State == PodSandboxState.SandboxNotready);
            _node.Veths().Should().HaveCount((int)attempt + 1, "K8sNet's ADD ran and was never undone");
            _node.Leases().Should().HaveCount((int)attempt + 1);
        }

        _node.PluginLog().Should().NotContain(l => l.Contains(" DEL id="), "the teardown stopped at loopback's DEL, before K8sNet's");
        _node.Cri.Condition("NetworkReady").Should().BeTrue("and the runtime does not tell");
        var stop = () => _node.Cri.StopPod(stuck[0]);
        stop.Should().Throw<RpcException>("kubelet's stop fails the same way while loopback is missing");

        // The fix is the node's: install again (it links loopback), then kubelet's next Stop + Remove succeed.
        _node.Install();
        foreach (var id in stuck)
        {
            _node.Cri.StopPod(id);
            _node.Cri.RemovePod(id);
        }

        _node.Cri.ListPods().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
        _node.Leases().Should().BeEmpty();
        _node.CachedResults().Should().BeEmpty();
        _node.NatState().Should().NotContain("masquerade");
    }
}
