namespace K8sNet.Ipam.Ranges;

/// <summary>One range set: ranges of one family; one address is allocated per set (dual stack = two sets).</summary>
public sealed record RangeSet(int Index, IReadOnlyList<IpRange> Ranges)
{
    public bool IsV6 => Ranges[0].IsV6;

    public bool Contains(IpValue ip) => Ranges.Any(r => r.Contains(ip));

    public IpRange? RangeFor(IpValue ip) => Ranges.FirstOrDefault(r => r.Contains(ip));

    public bool IsGateway(IpValue ip) => Ranges.Any(r => r.Gateway == ip);

    public bool Overlaps(RangeSet other) => Ranges.Any(a => other.Ranges.Any(a.Overlaps));

    /// <summary>"10.0.0.2-10.0.0.254,10.1.0.2-10.1.0.254", as the reference's exhaustion message.</summary>
    public string Describe() => string.Join(",", Ranges.Select(r => r.Span));
}
