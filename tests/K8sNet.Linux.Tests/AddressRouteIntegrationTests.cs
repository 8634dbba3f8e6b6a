using System.Net;
using System.Net.Sockets;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Testing;

namespace K8sNet.Linux.Tests;

/// <summary>Addresses and routes (IPv4 and IPv6) through our netlink layer, checked with `ip addr`/`ip route`.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class AddressRouteIntegrationTests
{
    [RootFact]
    public void Adds_lists_and_deletes_ipv4_and_ipv6_addresses()
    {
        using var ns = TestNetNs.Create("addr");
        using var netns = NetNs.Open(ns.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var link = rtnl.CreateVeth(new VethSpec("eth0", "peer0"));
        rtnl.SetUp(link.Index);

        rtnl.AddAddress(link.Index, IPAddress.Parse("10.200.0.5"), 24);
        rtnl.AddAddress(link.Index, IPAddress.Parse("fd00:200::5"), 64, noDad: true);

        ns.Exec("ip -4 addr show dev eth0").Should().Contain("inet 10.200.0.5/24 brd 10.200.0.255 scope global eth0");
        ns.Exec("ip -6 addr show dev eth0").Should().Contain("inet6 fd00:200::5/64 scope global nodad");
        var v4 = rtnl.ListAddresses(link.Index, AddressFamily.InterNetwork);
        v4.Select(a => a.ToString()).Should().Equal("10.200.0.5/24");
        rtnl.ListAddresses(link.Index, AddressFamily.InterNetworkV6).Select(a => a.ToString()).Should().Contain("fd00:200::5/64");
        rtnl.ListAddresses().Select(a => a.ToString()).Should().Contain(["127.0.0.1/8", "10.200.0.5/24"]);

        rtnl.Invoking(r => r.AddAddress(link.Index, IPAddress.Parse("10.200.0.5"), 24)).Should().Throw<ErrnoException>()
            .Where(e => e.Errno == Errno.EEXIST).WithMessage("ip addr add 10.200.0.5/24 dev #*: EEXIST*");

        rtnl.DeleteAddress(link.Index, IPAddress.Parse("10.200.0.5"), 24);
        rtnl.DeleteAddress(link.Index, IPAddress.Parse("fd00:200::5"), 64);
        ns.Exec("ip addr show dev eth0").Should().NotContain("10.200.0.5").And.NotContain("fd00:200::5");
        rtnl.Invoking(r => r.DeleteAddress(link.Index, IPAddress.Parse("10.200.0.5"), 24)).Should().Throw<ErrnoException>()
            .Where(e => e.Errno == Errno.EADDRNOTAVAIL);
    }

    [RootFact]
    public void Listing_one_device_gives_its_addresses_only_an_empty_list_for_a_gone_device_and_leaves_other_dumps_working()
    {
        // One device's listing is a kernel-filtered dump (strict dump checks, on for that request only).
        using var ns = TestNetNs.Create("addr1");
        using var netns = NetNs.Open(ns.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var first = rtnl.CreateVeth(new VethSpec("a0", "a1"));
        var second = rtnl.CreateVeth(new VethSpec("b0", "b1"));
        rtnl.AddAddress(first.Index, IPAddress.Parse("10.1.0.1"), 24);
        rtnl.AddAddress(second.Index, IPAddress.Parse("10.2.0.1"), 24);
        rtnl.AddAddress(second.Index, IPAddress.Parse("10.3.0.1"), 24);

        rtnl.ListAddresses(second.Index, AddressFamily.InterNetwork).Select(a => a.ToString()).Should().Equal("10.2.0.1/24", "10.3.0.1/24");
        rtnl.ListAddresses(first.Index, AddressFamily.InterNetwork).Select(a => a.ToString()).Should().Equal("10.1.0.1/24");
        rtnl.ListAddresses(first.Index, AddressFamily.InterNetworkV6).Should().BeEmpty("the link is down: no link-local address");
        rtnl.ListAddresses(second.Index + 1000).Should().BeEmpty();

        rtnl.ListLinks().Select(l => l.Name).Should().Contain(["a0", "a1", "b0", "b1"]);
        rtnl.ListRoutes(AddressFamily.InterNetwork).Should().BeEmpty("no link is up");
        rtnl.ListAddresses().Select(a => a.ToString()).Should().Contain(["10.1.0.1/24", "10.2.0.1/24", "10.3.0.1/24"]);
    }

    [RootFact]
    public void Adds_lists_and_deletes_routes_with_gateway_metric_and_metrics_in_both_families()
    {
        using var ns = TestNetNs.Create("route");
        using var netns = NetNs.Open(ns.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var link = rtnl.CreateVeth(new VethSpec("eth0", "peer0"));
        rtnl.SetUp(link.Index);
        rtnl.SetUp(rtnl.GetLinkByName("peer0").Index);
        rtnl.AddAddress(link.Index, IPAddress.Parse("10.200.0.5"), 24);
        rtnl.AddAddress(link.Index, IPAddress.Parse("fd00:200::5"), 64, noDad: true);

        var v4 = new Route(IPNetwork.Parse("10.201.0.0/16"), IPAddress.Parse("10.200.0.1"), link.Index, Priority: 50, Mtu: 1300, AdvMss: 1260);
        var v4Default = new Route(IPNetwork.Parse("0.0.0.0/0"), IPAddress.Parse("10.200.0.1"), link.Index);
        var v6 = new Route(IPNetwork.Parse("::/0"), IPAddress.Parse("fd00:200::1"), link.Index);
        var onLink = new Route(IPNetwork.Parse("10.9.0.0/24"), OutputIndex: link.Index);
        rtnl.AddRoute(v4);
        rtnl.AddRoute(v4Default);
        rtnl.AddRoute(v6);
        rtnl.AddRoute(onLink);

        ns.Exec("ip -4 route show").Should()
            .Contain("default via 10.200.0.1 dev eth0")
            .And.Contain("10.201.0.0/16 via 10.200.0.1 dev eth0 metric 50 mtu 1300 advmss 1260")
            .And.Contain("10.9.0.0/24 dev eth0 scope link");
        ns.Exec("ip -6 route show").Should().Contain("default via fd00:200::1 dev eth0");
        var listed = rtnl.ListRoutes(AddressFamily.InterNetwork);
        listed.Should().ContainSingle(r => r.Destination == IPNetwork.Parse("10.201.0.0/16"))
            .Which.Should().BeEquivalentTo(new { Priority = 50u, Mtu = 1300u, AdvMss = 1260u, OutputIndex = link.Index, Table = 254u });
        listed.Should().ContainSingle(r => r.IsDefault).Which.Gateway.Should().Be(IPAddress.Parse("10.200.0.1"));
        rtnl.ListRoutes(AddressFamily.InterNetworkV6).Should().Contain(r => r.IsDefault && r.Gateway!.Equals(IPAddress.Parse("fd00:200::1")));

        rtnl.Invoking(r => r.AddRoute(v4Default)).Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.EEXIST)
            .WithMessage("ip route add 0.0.0.0/0 via 10.200.0.1*EEXIST*");

        rtnl.DeleteRoute(v4);
        rtnl.DeleteRoute(v4Default);
        rtnl.DeleteRoute(v6);
        rtnl.DeleteRoute(onLink);
        ns.Exec("ip -4 route show").Should().NotContain("10.201.0.0").And.NotContain("default").And.NotContain("10.9.0.0");
        ns.Exec("ip -6 route show").Should().NotContain("default");
        rtnl.Invoking(r => r.DeleteRoute(v4)).Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.ESRCH);
    }

    [RootFact]
    public void A_route_via_an_unreachable_gateway_names_the_route_and_the_errno()
    {
        using var ns = TestNetNs.Create("unreach");
        using var netns = NetNs.Open(ns.Path);
        using var rtnl = RouteNetlink.Open(netns);
        var link = rtnl.CreateVeth(new VethSpec("eth0", "peer0"));
        rtnl.SetUp(link.Index);

        var act = () => rtnl.AddRoute(new Route(IPNetwork.Parse("0.0.0.0/0"), IPAddress.Parse("192.0.2.1"), link.Index));

        act.Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.ENETUNREACH)
            .WithMessage("ip route add 0.0.0.0/0 via 192.0.2.1*ENETUNREACH*");
    }
}
