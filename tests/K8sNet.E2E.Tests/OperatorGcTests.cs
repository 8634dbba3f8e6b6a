using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// gc on a node holding one healthy pod next to what dead pods leave behind. The leftovers are made the way they
/// arise: a pod netns deleted without DEL (lease and NAT chain stay; the kernel takes the veth with the netns), a veth
/// on the bridge that no lease accounts for, and a chain of the network whose container holds no lease.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class OperatorGcTests
{
    private static string GhostChainScript(string network, string id, string chain) => $$"""
        *nat
        :{{chain}} - [0:0]
        -A POSTROUTING -s 10.200.0.250/32 -m comment --comment "name: \"{{network}}\" id: \"{{id}}\"" -j {{chain}}
        -A {{chain}} ! -d 224.0.0.0/4 -m comment --comment "name: \"{{network}}\" id: \"{{id}}\"" -j MASQUERADE
        COMMIT

        """;

    [RootFact]
    public void Gc_removes_what_dead_pods_left_and_nothing_else()
    {
        using var node = new CniNode();
        var config = OperatorCli.IptablesConfig(node);
        var configFile = OperatorCli.ConfigFile(node, config);
        var healthy = node.NewPod();
        var dead = node.NewPod();
        node.Add(healthy, "healthy", config).EnsureSuccess("ADD healthy");
        node.Add(dead, "dead", config).EnsureSuccess("ADD dead");
        var healthyVeth = node.Node.Exec("ip -o link show master cnio0 | awk -F': ' '{print $2}' | cut -d@ -f1 | head -1").Trim();
        dead.Dispose();
        OperatorCli.WaitForVeths(node, 1);
        node.Node.Exec("ip link add vethlost type veth peer name lostpeer && ip link set vethlost master cnio0");
        node.Node.Exec("ip link add vethother type veth peer name otherpeer");
        Command.Sh($"ip netns exec {node.Node.Name} iptables-restore --noflush <<'EOF'\n{GhostChainScript("bridge", "ghost", "CNI-aaaaaaaaaaaaaaaaaaaaaaaa")}EOF");
        Command.Sh($"ip netns exec {node.Node.Name} iptables-restore --noflush <<'EOF'\n{GhostChainScript("othernet", "foreign", "CNI-bbbbbbbbbbbbbbbbbbbbbbbb")}EOF");
        string NatState() => node.Node.Exec("iptables-save -t nat | grep -v '^#' | sort");
        var natBefore = NatState();
        var linksBefore = node.Veths();

        var dry = OperatorCli.Run(node.Node, "gc", "--dry-run", "--config", configFile);

        dry.ExitCode.Should().Be(3, dry.Stderr);
        dry.Stdout.Should().Contain("release leases of dead/eth0").And.Contain("delete veth vethlost")
            .And.Contain("remove IPv4 NAT chain CNI-aaaaaaaaaaaaaaaaaaaaaaaa").And.Contain("remove NAT chain CNI-").And.NotContain("healthy").And.NotContain("CNI-bbbb");
        node.Leases().Should().HaveCount(2, "a dry run changes nothing");
        node.Veths().Should().BeEquivalentTo(linksBefore);
        NatState().Should().Be(natBefore);

        var gc = OperatorCli.Run(node.Node, "gc", "--config", configFile);

        gc.ExitCode.Should().Be(0, gc.Stdout + gc.Stderr);
        node.Leases().Should().Equal("10.200.0.2");
        node.Veths().Should().BeEquivalentTo([healthyVeth, "vethother", "otherpeer"]);
        var nat = NatState();
        nat.Should().Contain("CNI-bbbbbbbbbbbbbbbbbbbbbbbb", "chains of networks gc was not given are not its business");
        nat.Should().NotContain("CNI-aaaaaaaaaaaaaaaaaaaaaaaa").And.NotContain("id: \\\"dead\\\"");
        nat.Should().Contain("id: \\\"healthy\\\"");
        healthy.Exec("ip -o addr show eth0").Should().Contain("10.200.0.2/24");
        OperatorCli.Run(node.Node, "inspect", "--config", configFile).ExitCode.Should().Be(0, "nothing is left to find");
        OperatorCli.Run(node.Node, "gc", "--config", configFile).Stdout.Should().Contain("nothing to collect");
    }

    [RootFact]
    public void A_deleted_pod_released_by_gc_gets_its_address_reused_by_the_next_add()
    {
        using var node = new CniNode();
        var config = node.SeedConfig(ipMasq: false, subnet: "10.200.0.0/30");
        var dead = node.NewPod();
        node.Add(dead, "dead", config).EnsureSuccess("ADD dead");
        dead.Dispose();
        node.Add(node.NewPod(), "blocked", config).ExitCode.Should().NotBe(0, "a /30 holds one pod address");

        OperatorCli.Run(node.Node, "gc", "--config", OperatorCli.ConfigFile(node, config)).EnsureSuccess("gc");

        node.Add(node.NewPod(), "next", config).EnsureSuccess("ADD after gc");
    }
}
