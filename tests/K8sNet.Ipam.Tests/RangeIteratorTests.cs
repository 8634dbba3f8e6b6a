using K8sNet.Ipam.Config;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Tests;

public sealed class RangeIteratorTests
{
    private static RangeSet Set(params RangeJson[] ranges) => RangeParser.ParseSet(ranges, 0, "ipam.ranges[0]");

    private static IpValue Ip(string text) => IpValue.TryParse(text, out var ip) ? ip : throw new ArgumentException(text);

    private static string[] Walk(RangeSet set, string? last = null) =>
        RangeIterator.Candidates(set, last is null ? null : Ip(last)).Select(c => c.Ip.ToString()).ToArray();

    [Fact]
    public void Starts_at_range_start_and_skips_the_gateway_network_and_broadcast()
    {
        Walk(Set(new RangeJson { Subnet = "10.0.0.0/29" })).Should().Equal("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
    }

    [Fact]
    public void Continues_after_the_last_reserved_address_and_wraps_around()
    {
        Walk(Set(new RangeJson { Subnet = "10.0.0.0/29" }), last: "10.0.0.4").Should().Equal("10.0.0.5", "10.0.0.6", "10.0.0.2", "10.0.0.3", "10.0.0.4");
    }

    [Fact]
    public void A_last_reserved_address_outside_the_set_restarts_at_the_first_range()
    {
        Walk(Set(new RangeJson { Subnet = "10.0.0.0/29" }), last: "192.168.0.9").First().Should().Be("10.0.0.2");
    }

    [Fact]
    public void Walks_the_ranges_of_a_set_in_order_and_wraps_to_the_first()
    {
        var set = Set(
            new RangeJson { Subnet = "10.0.0.0/24", RangeStart = "10.0.0.10", RangeEnd = "10.0.0.11" },
            new RangeJson { Subnet = "10.0.1.0/24", RangeStart = "10.0.1.10", RangeEnd = "10.0.1.11" });
        Walk(set, last: "10.0.0.11").Should().Equal("10.0.1.10", "10.0.1.11", "10.0.0.10", "10.0.0.11");
    }

    [Fact]
    public void A_gateway_inside_an_explicit_range_is_skipped()
    {
        Walk(Set(new RangeJson { Subnet = "10.0.0.0/24", RangeStart = "10.0.0.1", RangeEnd = "10.0.0.3", Gateway = "10.0.0.2" }))
            .Should().Equal("10.0.0.1", "10.0.0.3");
    }

    [Fact]
    public void Ipv6_walks_up_to_the_last_address_of_the_prefix()
    {
        Walk(Set(new RangeJson { Subnet = "fd00::/125" })).Should().Equal("fd00::2", "fd00::3", "fd00::4", "fd00::5", "fd00::6", "fd00::7");
    }

    [Fact]
    public void A_single_address_range_yields_it_once()
    {
        Walk(Set(new RangeJson { Subnet = "10.0.0.0/30", RangeStart = "10.0.0.2", RangeEnd = "10.0.0.2" }), last: "10.0.0.2")
            .Should().Equal("10.0.0.2");
    }
}
