using K8sNet.Cni;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Config;

/// <summary>
/// Turns written ranges into validated ones with the reference's defaults and checks (range.go <c>Canonicalize</c>,
/// range_set.go): gateway = network+1, start = network+1, end = broadcast−1 (IPv4) or the last address (IPv6).
/// Every error is code 7 naming the field and the range set index.
/// </summary>
public static class RangeParser
{
    public static IpRange Parse(RangeJson json, int setIndex, string field)
    {
        string Fail(string reason) => throw CniException.InvalidConfig(field, $"invalid range set {setIndex}: {reason}");

        if (string.IsNullOrWhiteSpace(json.Subnet))
        {
            Fail("subnet is missing");
        }

        var (address, prefix) = ParseCidr(json.Subnet!) ?? throw CniException.InvalidConfig(
            $"{field}.subnet", $"invalid range set {setIndex}: \"{json.Subnet}\" is not a CIDR (e.g. 10.0.0.0/24)");
        var network = address with { Value = address.Value & address.Mask(prefix) };
        if (prefix > address.Bits - 2)
        {
            Fail($"network {json.Subnet} too small to allocate from (/{address.Bits - 1} and /{address.Bits} have no usable addresses)");
        }

        if (network != address)
        {
            Fail($"network {json.Subnet} has host bits set; for a subnet mask of length {prefix} the network address is {network}");
        }

        var hostMask = address.Max & ~address.Mask(prefix);
        var last = network with { Value = network.Value | hostMask };
        // IPv4 keeps its broadcast address out of the pool; IPv6 has no broadcast (reference lastIP).
        var defaultEnd = network.IsV6 ? last : last with { Value = last.Value - 1 };
        var firstHost = network.Next();
        var probe = new IpRange(network, prefix, network, last, firstHost);

        var gateway = ParseAddress(json.Gateway, $"{field}.gateway", setIndex, network.IsV6) ?? firstHost;
        var start = ParseAddress(json.RangeStart, $"{field}.rangeStart", setIndex, network.IsV6) ?? firstHost;
        var end = ParseAddress(json.RangeEnd, $"{field}.rangeEnd", setIndex, network.IsV6) ?? defaultEnd;
        if (!probe.InSubnet(start))
        {
            throw CniException.InvalidConfig($"{field}.rangeStart", $"invalid range set {setIndex}: rangeStart {start} not in network {probe.Subnet}");
        }

        if (!probe.InSubnet(end))
        {
            throw CniException.InvalidConfig($"{field}.rangeEnd", $"invalid range set {setIndex}: rangeEnd {end} not in network {probe.Subnet}");
        }

        if (start > end)
        {
            Fail($"rangeStart {start} is after rangeEnd {end}");
        }

        return new IpRange(network, prefix, start, end, gateway);
    }

    /// <summary>Validates one set: at least one range, one family, no overlaps inside it (range_set.go).</summary>
    public static RangeSet ParseSet(IReadOnlyList<RangeJson>? ranges, int setIndex, string field)
    {
        if (ranges is not { Count: > 0 })
        {
            throw CniException.InvalidConfig(field, $"invalid range set {setIndex}: empty range set");
        }

        var parsed = new List<IpRange>(ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i] ?? throw CniException.InvalidConfig($"{field}[{i}]", $"invalid range set {setIndex}: a range must be an object, not null");
            parsed.Add(Parse(range, setIndex, $"{field}[{i.ToString()}]"));
        }

        if (parsed.Exists(r => r.IsV6 != parsed[0].IsV6))
        {
            throw CniException.InvalidConfig(field, $"invalid range set {setIndex}: mixed address families (IPv4 and IPv6 in one set)");
        }

        for (var i = 0; i < parsed.Count; i++)
        {
            for (var j = i + 1; j < parsed.Count; j++)
            {
                if (parsed[i].Overlaps(parsed[j]))
                {
                    throw CniException.InvalidConfig(
                        field, $"invalid range set {setIndex}: subnets {parsed[i].Subnet} and {parsed[j].Subnet} overlap");
                }
            }
        }

        return new RangeSet(setIndex, parsed);
    }

    /// <summary>"10.0.0.0/24" → (10.0.0.0, 24); null when not a CIDR.</summary>
    public static (IpValue Address, int Prefix)? ParseCidr(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IpValue.TryParse(text[..slash], out var address)
            || !AsciiDecimal.TryParse(text.AsSpan(slash + 1), out var prefix)
            || prefix > address.Bits)
        {
            return null;
        }

        return (address, prefix);
    }

    private static IpValue? ParseAddress(string? text, string field, int setIndex, bool v6)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!IpValue.TryParse(text, out var ip))
        {
            throw CniException.InvalidConfig(field, $"invalid range set {setIndex}: \"{text}\" is not an IP address");
        }

        if (ip.IsV6 != v6)
        {
            throw CniException.InvalidConfig(field, $"invalid range set {setIndex}: {text} is not of the subnet's address family");
        }

        return ip;
    }
}
