using FsCheck;
using FsCheck.Fluent;
using K8sNet.Bridge.Planning;
using K8sNet.Ipam.Config;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// host-local's range math and the bridge's CIDR parsing on CIDR-shaped strings: accepted (and then consistent) or
/// refused with a CniException, never another exception.
/// </summary>
public sealed class RangeMathFuzzTests
{
    private static Gen<RangeJson> Range =>
        from subnet in FuzzGenerators.CidrLike
        from start in Gen.OneOf(Gen.Constant<string?>(null), FuzzGenerators.CidrLike.Select(s => (string?)s.Split('/')[0]))
        from end in Gen.OneOf(Gen.Constant<string?>(null), FuzzGenerators.CidrLike.Select(s => (string?)s.Split('/')[0]))
        from gateway in Gen.OneOf(Gen.Constant<string?>(null), FuzzGenerators.CidrLike.Select(s => (string?)s.Split('/')[0]))
        select new RangeJson { Subnet = subnet, RangeStart = start, RangeEnd = end, Gateway = gateway };

    /// <summary>Mostly valid small ranges (IPv4 /24–/30 and IPv6 /120–/126) with offsets that may fall outside.</summary>
    private static Gen<RangeJson> SmallRange =>
        from v6 in Gen.Elements(false, false, true)
        from net in Gen.Choose(0, 3)
        from prefix in v6 ? Gen.Choose(120, 126) : Gen.Choose(24, 30)
        from a in Gen.Choose(-1, 260)
        from b in Gen.Choose(-1, 260)
        from g in Gen.Choose(-1, 260)
        let size = 1 << ((v6 ? 128 : 32) - prefix)
        let baseText = v6 ? $"fd00::{net}00" : $"10.50.{net}.0"
        select new RangeJson
        {
            Subnet = v6 ? $"fd00::{net}00/{prefix}" : $"10.50.{net}.0/{prefix}",
            RangeStart = a < 0 ? null : Offset(v6, net, a % (size + 2)),
            RangeEnd = b < 0 ? null : Offset(v6, net, b % (size + 2)),
            Gateway = g < 0 ? null : Offset(v6, net, g % (size + 2)),
        };

    private static string Offset(bool v6, int net, int offset) => v6 ? $"fd00::{net * 256 + offset:x}" : $"10.50.{net}.{offset}";

    [Fact]
    public void A_parsed_range_is_inside_its_subnet_with_start_not_after_end()
    {
        Fuzzing.Check(Range, json =>
        {
            IpRange? range = null;
            Fuzzing.AcceptedOrRefused(() => range = RangeParser.Parse(json, 0, "ipam.ranges[0][0]"), Describe(json));
            if (range is not null)
            {
                range.InSubnet(range.Start).Should().BeTrue(Describe(json));
                range.InSubnet(range.End).Should().BeTrue(Describe(json));
                (range.Start <= range.End).Should().BeTrue(Describe(json));
                range.InSubnet(range.Network).Should().BeTrue(Describe(json));
            }
        });
    }

    [Fact]
    public void The_iterator_visits_every_address_of_a_small_set_once_and_never_the_gateway()
    {
        var gen = from ranges in Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(SmallRange, n))
                  from lastPick in Gen.Choose(0, 1000)
                  select (ranges, lastPick);

        Fuzzing.Check(gen, input =>
        {
            RangeSet? set = null;
            Fuzzing.AcceptedOrRefused(() => set = RangeParser.ParseSet(input.ranges.ToList(), 0, "ipam.ranges[0]"), string.Join("; ", input.ranges.Select(Describe)));
            if (set is null || set.Ranges.Sum(r => (double)(r.End.Value - r.Start.Value)) > 4096)
            {
                return;
            }

            var all = set.Ranges.SelectMany(r => Addresses(r).Select(ip => (ip, r))).ToList();
            IpValue? last = all.Count == 0 ? null : all[input.lastPick % all.Count].ip;
            var visited = RangeIterator.Candidates(set, last).ToList();
            visited.Select(c => c.Ip).Should().OnlyHaveUniqueItems();
            // As the reference: each range skips its own gateway (another range's gateway may be an address here).
            visited.All(c => c.Range.Contains(c.Ip) && c.Ip != c.Range.Gateway).Should().BeTrue();
            visited.Should().HaveCount(all.Count(a => a.ip != a.r.Gateway));
        });
    }

    [Fact]
    public void Cidr_parsing_agrees_between_the_bridge_and_host_local_and_never_throws()
    {
        Fuzzing.Check(FuzzGenerators.CidrLike, text =>
        {
            var bridge = CidrAddress.TryParse(text, out var cidr);
            var ipam = RangeParser.ParseCidr(text);
            if (bridge)
            {
                cidr.PrefixLength.Should().BeInRange(0, cidr.MaxPrefix);
                cidr.Network.Contains(cidr.Address).Should().BeTrue(text);
                CidrAddress.TryParse(cidr.ToString(), out var again).Should().BeTrue(text);
                again.Should().Be(cidr);
            }

            if (ipam is { } parsed)
            {
                parsed.Prefix.Should().BeInRange(0, parsed.Address.Bits);
                bridge.Should().BeTrue($"host-local accepts {text}, so the bridge must read it too");
            }
        });
    }

    private static IEnumerable<IpValue> Addresses(IpRange range)
    {
        for (var ip = range.Start; ; ip = ip.Next())
        {
            yield return ip;
            if (ip == range.End)
            {
                yield break;
            }
        }
    }

    private static string Describe(RangeJson r) => $"subnet={r.Subnet} start={r.RangeStart} end={r.RangeEnd} gw={r.Gateway}";
}
