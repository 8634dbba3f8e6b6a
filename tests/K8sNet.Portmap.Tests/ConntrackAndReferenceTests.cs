using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.Portmap.Tests;

/// <summary>
/// The UDP conntrack flush (ADD and DEL, local destinations only) and moving a node from the reference portmap:
/// a pod the reference wired is deleted by K8sNet with nothing left, and K8sNet's iptables backend writes the
/// reference's layout rule for rule.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed partial class ConntrackAndReferenceTests : IDisposable
{
    private const string ReferencePortmap = "/usr/lib/cni/portmap";
    private readonly HostportNode _node = new();

    public void Dispose() => _node.DisposeAll();

    /// <summary>
    /// plugins#123/#1190 and the port-only flush: the reference flushes every UDP entry to the port on ADD (hostPort 53
    /// wipes the node's own DNS flows) and nothing on DEL. Here both verbs flush, and only what was addressed to the node.
    /// </summary>
    [RootFact]
    public void A_stale_udp_entry_to_the_node_goes_on_add_and_on_del_while_a_flow_to_the_same_port_elsewhere_survives()
    {
        var pod = _node.NewPod();
        var bridge = _node.Run("bridge", "ADD", "udp", pod.Path, _node.BridgeConfig());
        bridge.ExitCode.Should().Be(0, bridge.Stderr);
        SendUdp(_node.Outside, HostportNode.NodeIp, 40001);
        SendUdp(_node.Node, HostportNode.FarIp, 40002);
        Entries().Should().Contain(e => e.Contains($"dst={HostportNode.NodeIp}")).And.Contain(e => e.Contains($"dst={HostportNode.FarIp}"));

        var portmap = HostportNode.PortmapConfig(bridge.Stdout, [HostportNode.Map(5354, 53, "udp")]);
        _node.Run("portmap", "ADD", "udp", pod.Path, portmap).ExitCode.Should().Be(0);

        Entries().Should().NotContain(e => e.Contains($"dst={HostportNode.NodeIp}"), "the stale entry to the node would keep bypassing the new DNAT")
            .And.Contain(e => e.Contains($"dst={HostportNode.FarIp}"), "the node's own flow to another host on port 5354 is not ours to flush");

        SendUdp(_node.Outside, HostportNode.NodeIp, 40003);
        Entries().Should().Contain(e => e.Contains($"dst={HostportNode.NodeIp}"));
        _node.Run("portmap", "DEL", "udp", pod.Path, portmap).ExitCode.Should().Be(0);

        Entries().Should().NotContain(e => e.Contains($"dst={HostportNode.NodeIp}"), "DEL flushes too (plugins#1190)")
            .And.Contain(e => e.Contains($"dst={HostportNode.FarIp}"));
    }

    [RootFact]
    public void A_pod_the_reference_portmap_wired_is_deleted_by_k8snet_with_nothing_of_it_left()
    {
        if (!File.Exists(ReferencePortmap))
        {
            return; // scripts/deps.sh installs containernetworking-plugins
        }

        var pod = _node.NewPod();
        var bridge = _node.Run("bridge", "ADD", "ref", pod.Path, _node.BridgeConfig());
        var podIp = PodIp(bridge.Stdout);
        var config = HostportNode.PortmapConfig(bridge.Stdout, [HostportNode.Map(8090, 80), HostportNode.Map(5390, 53, "udp")]);
        var wired = _node.RunBinary(ReferencePortmap, "ADD", "ref", pod.Path, config);
        wired.ExitCode.Should().Be(0, wired.Stdout + wired.Stderr);
        _node.NatTable().Should().Contain($"--to-destination {podIp}:80").And.Contain("CNI-DN-");

        var del = _node.Run("portmap", "DEL", "ref", pod.Path, config);

        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        var nat = _node.NatTable();
        nat.Should().NotContain(podIp).And.NotContain("CNI-DN-").And.NotContain("id: \\\"ref\\\"");
    }

    /// <summary>The reference's nftables backend (v1.6+; Debian's 1.1.1 has none, so its layout is written with nft here).</summary>
    [RootFact]
    public void Del_removes_the_reference_nftables_backends_rules_of_that_container_only()
    {
        _node.Node.Exec("""
            nft add table ip cni_hostport
            nft add chain ip cni_hostport hostports
            nft add chain ip cni_hostport hostip_hostports
            nft 'add chain ip cni_hostport masquerading { type nat hook postrouting priority srcnat; }'
            nft add rule ip cni_hostport hostports tcp dport 8095 dnat to 10.244.0.9:80 comment '"refpod"'
            nft add rule ip cni_hostport hostip_hostports ip daddr 192.168.77.1 tcp dport 8097 dnat to 10.244.0.9:81 comment '"refpod"'
            nft add rule ip cni_hostport hostports tcp dport 8096 dnat to 10.244.0.10:80 comment '"otherpod"'
            nft add rule ip cni_hostport masquerading ip saddr 10.244.0.9 ip daddr 10.244.0.9 masquerade comment '"refpod"'
            """);
        var config = HostportNode.PortmapConfig(string.Empty, [HostportNode.Map(8095, 80)]);

        var del = _node.Run("portmap", "DEL", "refpod", string.Empty, config);

        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        var table = _node.Node.Exec("nft list table ip cni_hostport");
        table.Should().NotContain("refpod").And.Contain("otherpod");
    }

    [RootFact]
    public void The_iptables_backend_writes_the_reference_layout_rule_for_rule_and_traffic_flows()
    {
        if (!File.Exists(ReferencePortmap))
        {
            return;
        }

        var pod = _node.NewPod();
        var bridge = _node.Run("bridge", "ADD", "ipt", pod.Path, _node.BridgeConfig());
        var mappings = new JsonArray(HostportNode.Map(8091, 80), HostportNode.Map(8092, 81), HostportNode.Map(5391, 53, "udp"), HostportNode.Map(8093, 82, hostIp: HostportNode.SecondNodeIp));
        var config = HostportNode.PortmapConfig(bridge.Stdout, mappings, extra: new JsonObject { ["backend"] = "iptables" });
        _node.RunBinary(ReferencePortmap, "ADD", "ipt", pod.Path, HostportNode.PortmapConfig(bridge.Stdout, mappings)).ExitCode.Should().Be(0);
        var reference = Normalised(_node.NatTable());
        _node.RunBinary(ReferencePortmap, "DEL", "ipt", pod.Path, config).ExitCode.Should().Be(0);
        _node.Node.Exec("iptables -t nat -F; iptables -t nat -X");

        var add = _node.Run("portmap", "ADD", "ipt", pod.Path, config);
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);

        Normalised(_node.NatTable()).Should().Be(reference);
        _node.Run("portmap", "ADD", "ipt", pod.Path, config).ExitCode.Should().Be(0);
        Normalised(_node.NatTable()).Should().Be(reference, "a repeated ADD replaces the pod's chain instead of stacking rules");
        _node.Run("portmap", "CHECK", "ipt", pod.Path, config).ExitCode.Should().Be(0);
        HostportNode.Listen(pod, 80, "via-iptables");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8091).Should().Be("via-iptables");

        _node.Run("portmap", "DEL", "ipt", pod.Path, config).ExitCode.Should().Be(0);
        _node.NatTable().Should().NotContain("CNI-DN-").And.NotContain(PodIp(bridge.Stdout));
    }

    private static void SendUdp(TestNetNs from, string to, int sourcePort) =>
        from.Exec($"echo stale | socat -u - UDP4:{to}:5354,sourceport={sourcePort}");

    private List<string> Entries() =>
        [.. _node.Node.Exec("conntrack -L -p udp --orig-port-dst 5354 2>/dev/null || true").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static string PodIp(string result) =>
        JsonNode.Parse(result)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0];

    /// <summary>iptables-save without its comment lines and packet counters.</summary>
    private static string Normalised(string save) =>
        string.Join('\n', save.Split('\n').Where(l => !l.StartsWith('#')).Select(l => Counters().Replace(l, "[0:0]")));

    [GeneratedRegex(@"\[\d+:\d+\]")]
    private static partial Regex Counters();
}
