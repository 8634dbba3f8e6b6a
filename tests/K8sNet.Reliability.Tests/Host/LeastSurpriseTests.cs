using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Host;

/// <summary>
/// A node that already runs other things (another bridge with an address, kube-proxy's nat chains, an unrelated nft
/// table, another network's leases): ADD, CHECK and DEL of a few pods must leave every one of them exactly as it was.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class LeastSurpriseTests
{
    private const string KubeProxyRules = """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :KUBE-SERVICES - [0:0]
        :KUBE-POSTROUTING - [0:0]
        :KUBE-MARK-MASQ - [0:0]
        -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
        -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
        -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
        -A KUBE-POSTROUTING -j MASQUERADE --random-fully
        -A KUBE-SERVICES -d 10.32.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
        COMMIT

        """;

    [RootFact]
    public void Add_check_and_del_leave_foreign_bridges_chains_tables_and_leases_alone()
    {
        using var node = new ReliabilityNode();
        var foreignPod = node.NewPod();
        node.Node.Exec("ip link add docker0 type bridge && ip addr add 172.17.0.1/16 dev docker0 && ip link set docker0 up");
        node.Node.Exec($"ip link add vethforeign type veth peer name eth9 netns {foreignPod.Name} && ip link set vethforeign master docker0 up");
        node.Node.Exec("ip route add 192.0.2.0/24 via 172.17.0.2 dev docker0 onlink");
        node.Node.Exec($"iptables-restore --noflush <<'EOF'\n{KubeProxyRules}EOF");
        node.Node.Exec("nft add table inet filter-foreign && nft add chain inet filter-foreign input '{ type filter hook input priority 0; policy accept; }' && nft add rule inet filter-foreign input tcp dport 22 counter accept");
        var foreignLeases = Path.Combine(node.DataDir, "other-net");
        Directory.CreateDirectory(foreignLeases);
        File.WriteAllText(Path.Combine(foreignLeases, "10.88.0.5"), "other-container\r\neth0");
        File.WriteAllText(Path.Combine(foreignLeases, "last_reserved_ip.0"), "10.88.0.5");
        var before = Foreign(node, foreignPod);

        var config = node.Config("1.0.0", ipMasq: true);
        var pods = Enumerable.Range(0, 3).Select(_ => node.NewPod()).ToList();
        var results = pods.Select((pod, i) =>
        {
            var add = node.Add(pod, $"pod-{i}", config);
            add.ShouldSucceed();
            return add.Stdout;
        }).ToList();
        for (var i = 0; i < pods.Count; i++)
        {
            node.Check(pods[i], $"pod-{i}", config, results[i]).ShouldSucceed();
        }

        Foreign(node, foreignPod).Should().BeEquivalentTo(before, "while pods are attached, nothing foreign changed");
        for (var i = 0; i < pods.Count; i++)
        {
            node.Del(pods[i], $"pod-{i}", config).ShouldSucceed();
        }

        Foreign(node, foreignPod).Should().BeEquivalentTo(before, "after DEL, nothing foreign changed");
    }

    /// <summary>The foreign things only: our bridge, veths, per-pod rules and table are expected to come and go.</summary>
    private static NodeSnapshot Foreign(ReliabilityNode node, TestNetNs foreignPod) => new(
        NodeSnapshot.Settled(node.Node.Exec("ip -d link show docker0; ip -d link show vethforeign")),
        NodeSnapshot.Settled(node.Node.Exec("ip addr show docker0; ip addr show lo")),
        NodeSnapshot.Settled(node.Node.Exec("ip route show table all | grep -e docker0 -e \"dev lo \" || true")),
        string.Join('\n', NodeSnapshot.NatTable(node.Node).Split('\n').Where(l => l.Contains("KUBE", StringComparison.Ordinal))),
        node.Node.Exec("nft list table inet filter-foreign"),
        NodeSnapshot.Settled(foreignPod.Exec("ip -d link show; ip addr show")),
        NodeSnapshot.DirectoryText(Path.Combine(node.DataDir, "other-net")));
}
