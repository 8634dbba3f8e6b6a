using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>CNI 1.1 GC and STATUS, and DEL finding a live pod's veth without its netns path.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class BridgeGcStatusTests : IDisposable
{
    private readonly CniNode _node = new();

    [RootFact]
    public void Gc_removes_the_lease_veth_and_rules_of_attachments_not_listed_and_keeps_the_listed_ones()
    {
        var config = _node.SeedConfig(version: "1.1.0", masqBackend: "iptables");
        var (kept, stale) = (_node.NewPod(), _node.NewPod());
        var keptIp = BridgeAddTests.PodAddress(_node.Add(kept, "kept", config));
        BridgeAddTests.PodAddress(_node.Add(stale, "stale", config));

        var gcConfig = config.Insert(config.Length - 1, ""","cni.dev/valid-attachments":[{"containerID":"kept","ifname":"eth0"}]""");
        var gc = _node.Invoke("GC", string.Empty, string.Empty, gcConfig, string.Empty, null);

        gc.ExitCode.Should().Be(0, gc.Stdout + gc.Stderr);
        _node.Leases().Should().Equal(keptIp);
        _node.Veths().Should().HaveCount(1);
        var nat = _node.Node.Exec("iptables-save -t nat");
        nat.Should().Contain(NatChains.Name("bridge", "kept")).And.NotContain(NatChains.Name("bridge", "stale"));
        stale.TryExec("ip link show eth0").ExitCode.Should().NotBe(0, "the stale pod's interface went with its veth");
        kept.TryExec("ping -c1 -W2 10.200.0.1").ExitCode.Should().Be(0, "the kept pod is untouched");
    }

    [RootFact]
    public void Del_without_a_netns_path_still_removes_the_veth_of_a_pod_that_is_alive()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        BridgeAddTests.PodAddress(_node.Add(pod, "alive", config));

        var del = _node.Del(string.Empty, "alive", config);

        del.ExitCode.Should().Be(0, del.Stdout);
        _node.Veths().Should().BeEmpty();
        pod.TryExec("ip link show eth0").ExitCode.Should().NotBe(0);
        _node.Leases().Should().BeEmpty();
    }

    [RootFact]
    public void Status_is_ready_with_free_addresses_and_code_50_when_the_pool_is_exhausted()
    {
        // A /30 has exactly one address to hand out (.2; .1 is the gateway, .3 broadcast).
        var config = _node.Config("1.1.0", ipMasq: false, """[[{"subnet":"10.99.0.0/30"}]]""");
        var status = _node.Invoke("STATUS", string.Empty, string.Empty, config, string.Empty, null);
        status.ExitCode.Should().Be(0, status.Stdout);

        BridgeAddTests.PodAddress(_node.Add(_node.NewPod(), "only-one", config));
        var exhausted = _node.Invoke("STATUS", string.Empty, string.Empty, config, string.Empty, null);

        exhausted.ExitCode.Should().NotBe(0);
        Json.Parse(exhausted.Stdout).GetProperty("code").GetInt32().Should().Be(50);
    }

    public void Dispose() => _node.Dispose();
}
