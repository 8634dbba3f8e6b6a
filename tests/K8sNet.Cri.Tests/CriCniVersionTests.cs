using Grpc.Core;
using K8sNet.Cri.Tests.Harness;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests;

/// <summary>
/// A conflist of cniVersion 1.1.0 on containerd 1.6, whose libcni (1.1.1) knows results only up to 1.0.0: the
/// plugins run and succeed, then containerd cannot read their result and fails the sandbox. Why `install` writes
/// 1.0.0 and `config check` warns about 1.1.0 — and proof that K8sNet leaves nothing behind when that happens.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(CriCollection.Name)]
public sealed class CriCniVersionTests : IDisposable
{
    private readonly CriNode _node = new(cniVersion: "1.1.0");

    public void Dispose() => _node.Dispose();

    [CriFact]
    public void A_1_1_0_conflist_fails_every_sandbox_after_the_plugins_ran_and_the_teardown_leaves_nothing_but_the_bridge()
    {
        _node.Cri.Condition("NetworkReady").Should().BeTrue("containerd 1.6 loads a 1.1.0 conflist without a word");
        Command.Run(PublishedBinary.Path, ["config", "check", _node.Conflist], environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null })
            .Stderr.Should().Contain("warning: cniVersion: 1.1.0", "K8sNet does say it");

        // Kubelet retries a failed sandbox; every attempt must cost nothing.
        for (uint attempt = 0; attempt < 3; attempt++)
        {
            var pod = _node.NewPod("v110") with { Attempt = attempt };

            var run = () => _node.Cri.RunPod(pod);

            var failure = run.Should().Throw<RpcException>().Which.Status.Detail;
            failure.Should().Contain("plugin type=\"k8snet\" failed (add): unsupported CNI result version \"1.1.0\"");
            var id = SandboxId(failure);
            var calls = _node.PluginLog().Where(l => l.Contains($" id={id} ")).Select(Call).ToList();
            // containerd 1.6 runs the two ADDs in parallel (go-cni Setup), the teardown's DELs one after the other.
            // libcni stops eth0's list at the bridge's result it cannot read, before portmap's ADD; the teardown DELs
            // the whole list in reverse (portmap, then the bridge).
            calls.Should().HaveCount(5);
            calls.Take(2).Should().BeEquivalentTo(["ADD lo ok", "ADD eth0 ok"], "both plugins ran and succeeded");
            calls.Skip(2).Should().Equal(["DEL lo ok", "DEL eth0 ok", "DEL eth0 ok"], "containerd's teardown then DELs lo and eth0 (portmap, bridge)");
            _node.PluginLog().Where(l => l.Contains($"DEL id={id} ")).Should().OnlyContain(l => l.Contains("/netns/cni-"));

            _node.Cri.ListPods().Should().BeEmpty("containerd 1.6 drops a sandbox whose network setup failed");
            _node.Veths().Should().BeEmpty();
            _node.Leases().Should().BeEmpty();
            _node.CachedResults().Should().BeEmpty("libcni caches nothing for an ADD whose result it could not read");
            _node.NatState().Should().NotContain("masquerade");
        }

        // What stays is what stays after every pod: the bridge with the gateway address.
        _node.Node.Exec("ip -br addr show cnio0").Should().Contain($"{CriNode.Gateway}/24");
        _node.Cri.Condition("NetworkReady").Should().BeTrue("and it still reports the network ready");
    }

    /// <summary>"ADD eth0 ok" from a plugin log line "... ADD id=… netns=… ifname=eth0 result=ok …".</summary>
    private static string Call(string line)
    {
        var fields = line.Split(' ');
        var verb = fields.First(f => f is "ADD" or "DEL" or "CHECK");
        var ifName = fields.First(f => f.StartsWith("ifname=", StringComparison.Ordinal))["ifname=".Length..];
        var result = fields.First(f => f.StartsWith("result=", StringComparison.Ordinal))["result=".Length..];
        return $"{verb} {ifName} {result}";
    }

    /// <summary>containerd names the sandbox in its error: failed to setup network for sandbox "&lt;id&gt;": ….</summary>
    private static string SandboxId(string failure)
    {
        const string marker = "for sandbox \"";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, failure);
        start += marker.Length;
        return failure[start..failure.IndexOf('"', start)];
    }
}
