using K8sNet.Masquerade.Iptables;
using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>
/// What the rules are for: a pod reaches a host outside its subnet that has no route back to the pod subnet only
/// when its packets are SNATed to the node. Three throwaway namespaces: pod — node — outside.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class TrafficTests
{
    [RootFact]
    public void Pod_traffic_leaving_the_subnet_is_masqueraded_only_while_the_rules_exist()
    {
        using var node = TestNetNs.Create("tnode");
        using var pod = TestNetNs.Create("tpod");
        using var outside = TestNetNs.Create("tout");
        Wire(node, pod, outside);
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(node.Name));
        var target = new MasqueradeTarget("bridge", "abc123", "eth0", [MasqueradeAddress.Parse("10.200.0.2/24")]);

        Reaches(pod, "192.0.2.2").Should().BeFalse("the outside host has no route back to 10.200.0.0/24");

        backend.Setup(target);
        Reaches(pod, "192.0.2.2").Should().BeTrue("the pod's packets now leave with the node's address");

        backend.Teardown(target);
        Reaches(pod, "192.0.2.2", id: 2).Should().BeFalse("the SNAT rules are gone");
    }

    [RootFact]
    public void The_nftables_network_rule_masquerades_every_pod_of_the_subnet_from_the_first_setup()
    {
        using var node = TestNetNs.Create("tnode");
        using var pod = TestNetNs.Create("tpod");
        using var outside = TestNetNs.Create("tout");
        Wire(node, pod, outside);
        using var backend = NftablesIntegrationTests.Backend(node);

        Reaches(pod, "192.0.2.2").Should().BeFalse("the outside host has no route back to 10.200.0.0/24");

        // Another pod of the same network installs the rule; it covers this pod's address too.
        backend.Value.Setup(new MasqueradeTarget("bridge", "first-pod", "eth0", [MasqueradeAddress.Parse("10.200.0.7/24")]));
        Reaches(pod, "192.0.2.2", id: 2).Should().BeTrue("the network rule SNATs all of 10.200.0.0/24");
    }

    private static void Wire(TestNetNs node, TestNetNs pod, TestNetNs outside)
    {
        Command.Sh($"ip link add p0 netns {pod.Name} type veth peer name n0 netns {node.Name}");
        Command.Sh($"ip link add out0 netns {outside.Name} type veth peer name n1 netns {node.Name}");
        pod.Exec("ip addr add 10.200.0.2/24 dev p0 && ip link set p0 up && ip route add default via 10.200.0.1");
        node.Exec("ip addr add 10.200.0.1/24 dev n0 && ip link set n0 up && ip addr add 192.0.2.1/24 dev n1 && ip link set n1 up");
        node.Exec("sysctl -qw net.ipv4.ip_forward=1");
        outside.Exec("ip addr add 192.0.2.2/24 dev out0 && ip link set out0 up");
    }

    /// <summary>A fresh ICMP id per probe, so a conntrack entry from an earlier probe cannot carry the answer.</summary>
    private static bool Reaches(TestNetNs from, string address, int id = 1) =>
        from.TryExec($"ping -c 1 -W 1 -e {id} {address}").ExitCode == 0;
}
