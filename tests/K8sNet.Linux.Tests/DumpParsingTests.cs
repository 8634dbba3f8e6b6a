using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Linux.Tests;

/// <summary>Our parsers on dumps the kernel really sent (Golden/README.md describes the namespace they came from).</summary>
public sealed class DumpParsingTests
{
    [Fact]
    public void A_multi_part_link_dump_yields_every_link_with_kind_mac_mtu_master_peer_and_port_flags()
    {
        var links = Parse<Link>("dump-link.hex", LinkParser.TryParse).ToDictionary(l => l.Name);

        links.Keys.Should().BeEquivalentTo("lo", "br0", "eth0", "veth0");
        var br0 = links["br0"];
        br0.Should().BeEquivalentTo(new { Index = 2, Kind = "bridge", Mtu = 1400, IsUp = true, BridgeVlanFiltering = (bool?)false });
        br0.Mac.ToString().Should().Be("0a:58:0a:c8:00:01");
        var veth0 = links["veth0"];
        veth0.Should().BeEquivalentTo(new { Index = 4, Kind = "veth", Mtu = 1400, MasterIndex = (int?)2, PeerIndex = (int?)3, SlaveKind = "bridge" });
        veth0.BridgePort.Should().Be(new BridgePortInfo(Hairpin: true, Isolated: false, Learning: true));
        links["eth0"].PeerIndex.Should().Be(4);
        links["eth0"].BridgePort.Should().BeNull();
        links["lo"].Kind.Should().BeNull();
        links["veth0"].OperState.Should().Be(LinkOperState.Up);
    }

    [Fact]
    public void An_address_dump_reports_ipv4_from_ifa_local_and_ipv6_with_its_flags()
    {
        var addresses = Parse<InterfaceAddress>("dump-addr.hex", InterfaceAddress.TryParse);

        addresses.Select(a => $"{a.Index} {a}").Should().Contain(["1 127.0.0.1/8", "2 10.200.0.1/24", "2 fd00:200::1/64", "1 ::1/128"]);
        (addresses.Single(a => a.Address.Equals(IPAddress.Parse("fd00:200::1"))).Flags & 0x02u).Should().Be(0x02u, "nodad was requested");
    }

    [Fact]
    public void A_route_dump_reports_gateway_metric_and_nested_metrics()
    {
        var v4 = Parse<Route>("dump-route4.hex", RouteParser.TryParse);
        var v6 = Parse<Route>("dump-route6.hex", RouteParser.TryParse);

        v4.Should().ContainSingle(r => r.Destination == IPNetwork.Parse("10.201.0.0/16")).Which.Should().BeEquivalentTo(new
        {
            Gateway = IPAddress.Parse("10.200.0.9"), OutputIndex = (int?)2, Priority = (uint?)50, Mtu = (uint?)1300, AdvMss = (uint?)1260,
            Table = 254u,
        });
        v4.Should().Contain(r => r.Destination == IPNetwork.Parse("10.200.0.0/24") && r.Scope == 253 && r.Protocol == 2);
        v6.Should().ContainSingle(r => r.Destination == IPNetwork.Parse("fd00:201::/64")).Which.Priority.Should().Be(70);
    }

    [Fact]
    public void Every_golden_dump_ends_with_nlmsg_done()
    {
        foreach (var file in new[] { "dump-link.hex", "dump-addr.hex", "dump-route4.hex", "dump-route6.hex" })
        {
            var last = Hex.Datagrams(file)[^1];
            var reader = new NetlinkMessageReader(last);
            ushort lastType = 0;
            while (reader.TryRead(out var message))
            {
                lastType = message.Type;
            }

            lastType.Should().Be(NetlinkConstants.NLMSG_DONE, file);
        }
    }

    private static List<T> Parse<T>(string file, NetlinkParser<T> parse)
    {
        var results = new List<T>();
        foreach (var datagram in Hex.Datagrams(file))
        {
            var reader = new NetlinkMessageReader(datagram);
            while (reader.TryRead(out var message))
            {
                if (parse(message, out var value))
                {
                    results.Add(value);
                }
            }
        }

        return results;
    }
}
