using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Linux.Tests;

/// <summary>
/// Requests compared byte for byte with what iproute2 sends for the same command (captured with
/// `strace -xx` inside a throwaway netns), or with layouts derived by hand from the kernel headers.
/// </summary>
public sealed class RequestEncodingTests
{
    private readonly NetlinkWriter _writer = new();

    [Fact]
    public void Bridge_creation_matches_the_bytes_of_ip_link_add_br0_type_bridge()
    {
        LinkRequests.CreateBridge(_writer, "br0", mtu: null, vlanFiltering: null);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            38000000 1000 0506 00000000 00000000   // nlmsghdr: len 56, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00 00 0000 00000000 00000000 00000000  // ifinfomsg
            0800 0300 62723000                     // IFLA_IFNAME "br0\0"
            1000 1200                              // IFLA_LINKINFO, 16 bytes
              0a00 0100 627269646765 0000          //   IFLA_INFO_KIND "bridge" (no NUL, as iproute2) + padding
            """)));
    }

    [Fact]
    public void Veth_creation_nests_the_peer_ifinfomsg_like_ip_link_add_v0_type_veth_peer_name_v1()
    {
        LinkRequests.CreateVeth(_writer, new VethSpec("v0", "v1"));

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            54000000 1000 0506 00000000 00000000   // nlmsghdr: len 84
            00000000 00000000 00000000 00000000    // ifinfomsg
            0700 0300 763000 00                    // IFLA_IFNAME "v0\0" + pad
            2c00 1200                              // IFLA_LINKINFO, 44 bytes
              0800 0100 76657468                   //   IFLA_INFO_KIND "veth"
              2000 0200                            //   IFLA_INFO_DATA, 32 bytes
                1c00 0100                          //     VETH_INFO_PEER, 28 bytes
                  00000000 00000000 00000000 00000000 // peer ifinfomsg
                  0700 0300 763100 00              //       IFLA_IFNAME "v1\0" + pad
            """)));
    }

    [Fact]
    public void Veth_peer_attributes_carry_mtu_mac_and_the_target_netns_fd_inside_the_peer()
    {
        var mac = MacAddress.Parse("0a:58:0a:c8:00:02");
        var peerMac = MacAddress.Parse("0a:58:0a:c8:00:03");
        LinkRequests.CreateVeth(_writer, new VethSpec("eth0", "veth1", Mtu: 1400, Mac: mac, PeerMac: peerMac));

        var message = Single(_writer);
        var top = message.AttributesAfter<Linux.Rtnetlink.Wire.IfInfoMsg>();
        var names = new List<string>();
        while (top.MoveNext())
        {
            if (top.Type == Linux.Rtnetlink.Wire.Rtnl.IFLA_IFNAME)
            {
                names.Add(top.String);
            }
        }

        names.Should().Equal("eth0");
        Hex.Format(_writer.WrittenSpan).Should().Contain("0800040078050000", "IFLA_MTU 1400 is sent for both ends")
            .And.Contain("0a000100" + "0a580ac80002", "the container end's MAC")
            .And.Contain("0a000100" + "0a580ac80003", "the peer's MAC is inside VETH_INFO_PEER");
    }

    [Fact]
    public void Bridge_creation_with_an_address_matches_ip_link_add_br0_address_mac_type_bridge()
    {
        LinkRequests.CreateBridge(_writer, "br0", mtu: null, vlanFiltering: null, MacAddress.Parse("02:aa:bb:cc:dd:ee"));

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            44000000 1000 0506 00000000 00000000   // nlmsghdr: len 68, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00 00 0000 00000000 00000000 00000000  // ifinfomsg
            0800 0300 62723000                     // IFLA_IFNAME "br0\0"
            0a00 0100 02aabbccddee 0000            // IFLA_ADDRESS + padding
            1000 1200                              // IFLA_LINKINFO, 16 bytes
              0a00 0100 627269646765 0000          //   IFLA_INFO_KIND "bridge" + padding
            """)));
    }

    [Fact]
    public void Veth_queue_length_goes_to_both_ends_as_ip_link_add_txqueuelen_0()
    {
        LinkRequests.CreateVeth(_writer, new VethSpec("v0", "v1", TxQueueLength: 0));

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            64000000 1000 0506 00000000 00000000   // nlmsghdr: len 100
            00000000 00000000 00000000 00000000    // ifinfomsg
            0700 0300 763000 00                    // IFLA_IFNAME "v0\0" + pad
            0800 0d00 00000000                     // IFLA_TXQLEN 0
            3400 1200                              // IFLA_LINKINFO, 52 bytes
              0800 0100 76657468                   //   IFLA_INFO_KIND "veth"
              2800 0200                            //   IFLA_INFO_DATA, 40 bytes
                2400 0100                          //     VETH_INFO_PEER, 36 bytes
                  00000000 00000000 00000000 00000000 // peer ifinfomsg
                  0700 0300 763100 00              //       IFLA_IFNAME "v1\0" + pad
                  0800 0d00 00000000               //       IFLA_TXQLEN 0
            """)));
    }

    [Fact]
    public void Random_local_macs_are_unicast_and_locally_administered()
    {
        var macs = Enumerable.Range(0, 64).Select(_ => MacAddress.NewRandomLocal().GetBytes()).ToList();

        macs.Should().OnlyContain(b => (b[0] & 0x03) == 0x02);
        macs.Select(b => Convert.ToHexString(b)).Distinct().Should().HaveCountGreaterThan(60);
    }

    [Fact]
    public void Ipv4_address_matches_ip_addr_add_with_brd_plus()
    {
        AddressRequests.Add(_writer, 1, IPAddress.Parse("10.200.0.2"), 24, noDad: false);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            30000000 1400 0506 00000000 00000000   // len 48, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            02 18 00 00 01000000                   // ifaddrmsg: AF_INET /24 flags 0 scope 0 index 1
            0800 0200 0ac80002                     // IFA_LOCAL 10.200.0.2
            0800 0100 0ac80002                     // IFA_ADDRESS
            0800 0400 0ac800ff                     // IFA_BROADCAST 10.200.0.255
            """)));
    }

    [Fact]
    public void Ipv6_address_without_dad_matches_ip_addr_add_nodad()
    {
        AddressRequests.Add(_writer, 1, IPAddress.Parse("fd00::2"), 64, noDad: true);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            40000000 1400 0506 00000000 00000000   // len 64
            0a 40 02 00 01000000                   // AF_INET6 /64 IFA_F_NODAD scope 0 index 1
            1400 0200 fd000000000000000000000000000002 // IFA_LOCAL
            1400 0100 fd000000000000000000000000000002 // IFA_ADDRESS
            """)));
    }

    [Theory]
    [InlineData("10.0.0.1", 31, null)]
    [InlineData("10.0.0.1", 32, null)]
    [InlineData("10.1.2.3", 8, "10.255.255.255")]
    [InlineData("192.168.7.9", 30, "192.168.7.11")]
    public void Ipv4_broadcast_is_computed_like_brd_plus(string address, int prefix, string? broadcast) =>
        AddressRequests.Ipv4Broadcast(IPAddress.Parse(address), prefix)?.ToString().Should().Be(broadcast);

    [Fact]
    public void Route_with_gateway_metric_and_metrics_nests_rtax_values_in_rta_metrics()
    {
        var route = new Route(IPNetwork.Parse("10.201.0.0/16"), IPAddress.Parse("10.200.0.9"), OutputIndex: 2, Priority: 50,
            Mtu: 1300, AdvMss: 1260);
        RouteRequests.Add(_writer, route, replace: false);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            58000000 1800 0506 00000000 00000000   // len 88, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
            02 10 00 00 fe 03 00 01 00000000       // rtmsg: AF_INET /16, table main, proto boot, scope universe, unicast
            0800 0f00 fe000000                     // RTA_TABLE 254
            0800 0100 0ac90000                     // RTA_DST 10.201.0.0
            0800 0500 0ac80009                     // RTA_GATEWAY 10.200.0.9
            0800 0400 02000000                     // RTA_OIF 2
            0800 0600 32000000                     // RTA_PRIORITY 50
            1400 0800                              // RTA_METRICS, 20 bytes
              0800 0200 14050000                   //   RTAX_MTU 1300
              0800 0800 ec040000                   //   RTAX_ADVMSS 1260
            """)));
    }

    [Fact]
    public void Gatewayless_ipv4_route_gets_link_scope_like_iproute2_and_delete_uses_scope_nowhere()
    {
        var route = new Route(IPNetwork.Parse("10.9.0.0/24"), OutputIndex: 3);
        RouteRequests.Add(_writer, route, replace: false);
        RouteRequests.Delete(_writer, route);

        var reader = new NetlinkMessageReader(_writer.WrittenSpan);
        reader.TryRead(out var add).Should().BeTrue();
        add.ReadFixed<Linux.Rtnetlink.Wire.RtMsg>().rtm_scope.Should().Be(253);
        reader.TryRead(out var delete).Should().BeTrue();
        delete.ReadFixed<Linux.Rtnetlink.Wire.RtMsg>().rtm_scope.Should().Be(255);
        delete.Header.nlmsg_flags.Should().Be(0x05, "a delete is REQUEST|ACK only");
    }

    [Fact]
    public void Hairpin_request_sets_nla_f_nested_on_af_bridge_protinfo()
    {
        BridgeRequests.SetPortFlags(_writer, 4, hairpin: true, isolated: null, learning: false);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            34000000 1300 0500 00000000 00000000   // len 52, RTM_SETLINK, REQUEST|ACK
            07 00 0000 04000000 00000000 00000000  // ifinfomsg: AF_BRIDGE, index 4
            1400 0c80                              // IFLA_PROTINFO | NLA_F_NESTED, 20 bytes
              0500 0400 01 000000                  //   IFLA_BRPORT_MODE (hairpin) 1
              0500 0800 00 000000                  //   IFLA_BRPORT_LEARNING 0
            """)));
    }

    [Fact]
    public void Port_vlan_request_carries_bridge_vlan_info_in_af_spec()
    {
        BridgeRequests.PortVlan(_writer, 4, 100, pvid: true, untagged: true, delete: false);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            2c000000 1300 0500 00000000 00000000   // len 44, RTM_SETLINK
            07 00 0000 04000000 00000000 00000000  // AF_BRIDGE, index 4
            0c00 1a00                              // IFLA_AF_SPEC, 12 bytes
              0800 0200 0600 6400                  //   IFLA_BRIDGE_VLAN_INFO flags PVID|UNTAGGED vid 100
            """)));
    }

    [Fact]
    public void Trunk_range_matches_the_bytes_of_bridge_vlan_add_dev_v0_vid_100_200()
    {
        BridgeRequests.PortVlanRanges(_writer, 4, [new BridgeVlanRange(100, 200)]);

        // strace -xx of iproute2's `bridge vlan add dev v0 vid 100-200` (v0 = index 4) in a throwaway netns; the
        // kernel refused it there (no VLAN filtering), which does not change what was sent.
        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            34000000 1300 0500 00000000 00000000   // len 52, RTM_SETLINK, REQUEST|ACK
            07 00 0000 04000000 00000000 00000000  // AF_BRIDGE, index 4
            1400 1a00                              // IFLA_AF_SPEC, 20 bytes
              0800 0200 0800 6400                  //   IFLA_BRIDGE_VLAN_INFO RANGE_BEGIN vid 100
              0800 0200 1000 c800                  //   IFLA_BRIDGE_VLAN_INFO RANGE_END vid 200
            """)));
    }

    [Fact]
    public void Trunk_single_id_matches_the_bytes_of_bridge_vlan_add_dev_v0_vid_7()
    {
        BridgeRequests.PortVlanRanges(_writer, 4, [new BridgeVlanRange(7, 7)]);

        Hex.Format(_writer.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            2c000000 1300 0500 00000000 00000000   // len 44, RTM_SETLINK, REQUEST|ACK (strace of iproute2)
            07 00 0000 04000000 00000000 00000000  // AF_BRIDGE, index 4
            0c00 1a00                              // IFLA_AF_SPEC, 12 bytes
              0800 0200 0000 0700                  //   IFLA_BRIDGE_VLAN_INFO tagged vid 7
            """)));
    }

    [Fact]
    public void A_whole_trunk_goes_in_one_request_with_one_entry_per_id_and_two_per_range()
    {
        BridgeRequests.PortVlanRanges(_writer, 9, [new BridgeVlanRange(1, 1), new BridgeVlanRange(10, 4094), new BridgeVlanRange(5, 5)]);

        var message = Single(_writer);
        var spec = message.AttributesAfter<Linux.Rtnetlink.Wire.IfInfoMsg>();
        spec.MoveNext().Should().BeTrue();
        var entries = new List<string>();
        var infos = spec.Nested();
        while (infos.MoveNext())
        {
            entries.Add($"{infos.U16:x}/{System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(infos.Value[2..])}");
        }

        entries.Should().Equal("0/1", "8/10", "10/4094", "0/5");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 4095)]
    [InlineData(9, 8)]
    public void Trunk_ranges_outside_1_4094_or_reversed_never_reach_the_kernel(int first, int last)
    {
        var act = () => BridgeRequests.PortVlanRanges(_writer, 4, [new BridgeVlanRange((ushort)first, (ushort)last)]);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-name-longer-than-15")]
    [InlineData("has/slash")]
    public void Invalid_interface_names_are_rejected_before_reaching_the_kernel(string name)
    {
        var act = () => LinkRequests.CreateBridge(_writer, name, null, null);
        act.Should().Throw<ArgumentException>();
    }

    private static NetlinkMessage Single(NetlinkWriter writer)
    {
        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        reader.TryRead(out var message).Should().BeTrue();
        return message;
    }
}
