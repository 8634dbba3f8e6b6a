using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Testing;

namespace K8sNet.Linux.Tests;

/// <summary>Links created through our netlink layer, checked with `ip -d link` inside throwaway namespaces.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class LinkIntegrationTests
{
    [RootFact]
    public void Creates_a_bridge_and_sets_mtu_mac_promisc_and_up()
    {
        using var node = TestNetNs.Create("lnk");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);

        var bridge = rtnl.CreateBridge("br0", mtu: 1400);
        rtnl.SetMac(bridge.Index, MacAddress.Parse("0a:58:0a:c8:00:01"));
        rtnl.SetPromiscuous(bridge.Index, true);
        rtnl.SetUp(bridge.Index);

        var shown = node.Exec("ip -d link show br0");
        shown.Should().Contain("mtu 1400").And.Contain("link/ether 0a:58:0a:c8:00:01").And.Contain("PROMISC").And.Contain(",UP")
            .And.Contain("bridge forward_delay");
        var reread = rtnl.GetLinkByName("br0");
        reread.Should().BeEquivalentTo(new { Kind = "bridge", Mtu = 1400, IsUp = true, IsPromiscuous = true, Index = bridge.Index });
        reread.Mac.ToString().Should().Be("0a:58:0a:c8:00:01");
        rtnl.GetLinkByIndex(bridge.Index).Name.Should().Be("br0");
    }

    [RootFact]
    public void Creates_a_veth_from_the_pod_with_its_peer_directly_in_the_node_and_enslaves_the_host_end()
    {
        using var node = TestNetNs.Create("node");
        using var pod = TestNetNs.Create("pod");
        using var nodeNs = NetNs.Open(node.Path);
        using var podNs = NetNs.Open(pod.Path);
        using var host = RouteNetlink.Open(nodeNs);
        using var container = RouteNetlink.Open(podNs);
        var bridge = host.CreateBridge("cni0");

        var eth0 = container.CreateVeth(new VethSpec("eth0", "veth1234abcd", nodeNs, Mtu: 1450,
            Mac: MacAddress.Parse("0a:58:0a:c8:00:05")));
        var hostEnd = host.GetLinkByName("veth1234abcd");
        host.SetMaster(hostEnd.Index, bridge.Index);
        host.SetBridgePortFlags(hostEnd.Index, hairpin: true);
        host.SetUp(hostEnd.Index);
        container.SetUp(eth0.Index);

        eth0.Kind.Should().Be("veth");
        eth0.PeerIndex.Should().Be(hostEnd.Index, "IFLA_LINK of the container end is the host end's ifindex");
        eth0.LinkNetNsId.Should().NotBeNull("the peer lives in another namespace");
        var port = host.GetLinkByName("veth1234abcd");
        port.MasterIndex.Should().Be(bridge.Index);
        port.SlaveKind.Should().Be("bridge");
        port.BridgePort.Should().Be(new BridgePortInfo(Hairpin: true, Isolated: false, Learning: true));
        port.Mtu.Should().Be(1450);
        node.Exec("ip -d link show veth1234abcd").Should().Contain("master cni0").And.Contain("hairpin on").And.Contain("mtu 1450");
        pod.Exec("ip -d link show eth0").Should().Contain("link/ether 0a:58:0a:c8:00:05").And.Contain("mtu 1450");
        pod.Exec("ip link show").Should().NotContain("veth1234abcd");
    }

    [RootFact]
    public void Adding_an_existing_link_fails_with_EEXIST_naming_the_link()
    {
        using var node = TestNetNs.Create("dup");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);
        rtnl.CreateBridge("br0");

        var act = () => rtnl.CreateBridge("br0");

        act.Should().Throw<ErrnoException>()
            .Where(e => e.Errno == Errno.EEXIST)
            .WithMessage("ip link add br0 type bridge: EEXIST*");
    }

    [RootFact]
    public void A_missing_link_is_a_LinkNotFoundException_for_get_set_and_delete()
    {
        using var node = TestNetNs.Create("nodev");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);

        rtnl.Invoking(r => r.GetLinkByName("nope0")).Should().Throw<LinkNotFoundException>().WithMessage("*nope0*ENODEV*");
        rtnl.Invoking(r => r.DeleteLink("nope0")).Should().Throw<LinkNotFoundException>();
        rtnl.Invoking(r => r.DeleteLink(4242)).Should().Throw<LinkNotFoundException>().WithMessage("ip link del #4242: ENODEV*");
        rtnl.Invoking(r => r.SetUp(4242)).Should().Throw<LinkNotFoundException>();
        rtnl.TryGetLinkByName("nope0").Should().BeNull();
        rtnl.TryGetLinkByIndex(4242).Should().BeNull();
        rtnl.TryGetLinkByName("lo").Should().NotBeNull().And.Match<Link>(l => l.Index == 1);
    }

    [RootFact]
    public void Deleting_one_veth_end_removes_both_and_lists_reflect_it()
    {
        using var node = TestNetNs.Create("del");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);
        rtnl.CreateVeth(new VethSpec("va", "vb"));
        rtnl.ListLinks().Select(l => l.Name).Should().Contain(["lo", "va", "vb"]);

        rtnl.DeleteLink("va");

        rtnl.ListLinks().Select(l => l.Name).Should().Equal("lo");
        node.Exec("ip -o link show").Should().NotContain("va").And.NotContain("vb");
    }

    [RequiresFact(Requirements.BridgeVlanFiltering)]
    public void Bridge_vlan_filtering_a_pvid_untagged_port_vlan_and_trunk_ranges_are_applied()
    {
        using var node = TestNetNs.Create("vlan");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var bridge = rtnl.CreateBridge("br0");
        var port = rtnl.CreateVeth(new VethSpec("vp0", "vp1"));
        rtnl.SetMaster(port.Index, bridge.Index);
        rtnl.SetBridgeVlanFiltering(bridge.Index, true);

        rtnl.AddBridgeVlan(port.Index, 100, pvid: true, untagged: true);
        rtnl.AddBridgeVlans(port.Index, [new BridgeVlanRange(7, 7), new BridgeVlanRange(200, 210)]);

        rtnl.GetLinkByIndex(bridge.Index).BridgeVlanFiltering.Should().BeTrue();
        var vlans = node.Exec("bridge -c vlan show dev vp0");
        vlans.Should().Contain("100 PVID").And.Contain("Untagged").And.Contain("200-210").And.MatchRegex(@"\b7\b");
        rtnl.DeleteBridgeVlan(port.Index, 100);
        node.Exec("bridge vlan show dev vp0").Should().NotContain("100");
    }

    [RootFact]
    public void A_kernel_without_bridge_vlan_filtering_refuses_it_with_an_error_naming_the_request()
    {
        using var node = TestNetNs.Create("novlan");
        using var netns = NetNs.Open(node.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var bridge = rtnl.CreateBridge("br0");
        if (Requirements.WhyNot(Requirements.BridgeVlanFiltering) is null)
        {
            rtnl.SetBridgeVlanFiltering(bridge.Index, true);
            rtnl.GetLinkByIndex(bridge.Index).BridgeVlanFiltering.Should().BeTrue("a kernel with the feature accepts it");
            return;
        }

        var act = () => rtnl.SetBridgeVlanFiltering(bridge.Index, true);

        act.Should().Throw<ErrnoException>().Where(ex => ex.Errno == Errno.EOPNOTSUPP && ex.Message.Contains("vlan_filtering 1"));
        rtnl.GetLinkByIndex(bridge.Index).BridgeVlanFiltering.Should().NotBe(true);
    }
}
