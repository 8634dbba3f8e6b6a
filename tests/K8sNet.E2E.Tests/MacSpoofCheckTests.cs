using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>macspoofchk: a pod that changes its MAC can no longer send through the bridge.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class MacSpoofCheckTests : IDisposable
{
    private readonly CniNode _node = new();

    [RootFact]
    public void A_pod_sending_from_another_mac_is_dropped_and_del_removes_the_rules()
    {
        var config = _node.Config("1.0.0", ipMasq: false, """[[{"subnet":"10.230.0.0/24"}]]""", extra: ",\"macspoofchk\":true");
        var (a, b) = (_node.NewPod(), _node.NewPod());
        var addA = _node.Add(a, "spoofer", config);
        var ipB = BridgeAddTests.PodAddress(_node.Add(b, "honest", config));
        BridgeAddTests.PodAddress(addA);

        a.TryExec($"ping -c1 -W2 {ipB}").ExitCode.Should().Be(0, "with its own MAC the pod reaches its neighbour");
        _node.Check(a, "spoofer", config, addA.Stdout).ExitCode.Should().Be(0);

        a.Exec("ip link set eth0 address 0a:58:de:ad:be:ef");
        a.Exec("ip neigh flush dev eth0");
        a.TryExec($"ping -c1 -W2 {ipB}").ExitCode.Should().NotBe(0, "frames from a spoofed MAC are dropped at the bridge");

        _node.Del(a.Path, "spoofer", config).ExitCode.Should().Be(0);
        _node.Del(b.Path, "honest", config).ExitCode.Should().Be(0);
        _node.NftRuleset().Should().NotContain("mac-").And.NotContain("macspoofchk");
    }

    [RequiresFact(Requirements.ReferencePlugins)]
    public void Pods_the_reference_wired_with_macspoofchk_leave_no_rule_once_k8snet_deleted_them()
    {
        // A node upgraded live: the reference plugin wired both pods (its rules in `bridge nat`), K8sNet deletes them.
        var config = _node.Config("0.4.0", ipMasq: false, """[[{"subnet":"10.231.0.0/24"}]]""", extra: ",\"macspoofchk\":true");
        var (a, b) = (_node.NewPod(), _node.NewPod());
        _node.Add(a, "ref-a", config, binary: Requirements.ReferenceBridge).ExitCode.Should().Be(0);
        _node.Add(b, "ref-b", config, binary: Requirements.ReferenceBridge).ExitCode.Should().Be(0);
        _node.NftRuleset().Should().Contain("cni-br-iface-ref-a-eth0-mac").And.Contain("macspoofchk-ref-b-eth0", "the reference made its rules");

        _node.Del(a.Path, "ref-a", config).ExitCode.Should().Be(0);

        var afterA = _node.NftRuleset();
        afterA.Should().NotContain("ref-a", "pod a's jump and both its chains are gone");
        afterA.Should().Contain("jump cni-br-iface-ref-b-eth0").And.Contain("cni-br-iface-ref-b-eth0-mac", "pod b still runs and keeps its rules");

        _node.Del(b.Path, "ref-b", config).ExitCode.Should().Be(0);
        _node.Del(b.Path, "ref-b", config).ExitCode.Should().Be(0, "a repeated DEL finds nothing and succeeds");

        var after = _node.NftRuleset();
        after.Should().NotContain("macspoofchk").And.NotContain("cni-br-iface").And.NotContain("jump");
        _node.Leases().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
    }

    public void Dispose() => _node.Dispose();
}
