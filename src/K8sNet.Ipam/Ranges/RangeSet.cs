namespace K8sNet.Ipam.Ranges;

/// <summary>One range set: ranges of one family; one address is allocated per set (dual stack = two sets).</summary>
public sealed record RangeSet(int Index, IReadOnlyList<IpRange> Ranges)
{
    public bool IsV6 => Ranges[0].IsV6;

    // Loops rather than LINQ: these run on every ADD and DEL, and LINQ's iterators are code and type data a plugin run
    // would otherwise page in for one or two ranges (issue 7, peak RSS).
    public bool Contains(IpValue ip) => RangeFor(ip) is not null;

    public IpRange? RangeFor(IpValue ip)
    {
        foreach (var range in Ranges)
        {
            if (range.Contains(ip))
            {
                return range;
            }
        }

        return null;
    }

    public bool IsGateway(IpValue ip)
    {
        foreach (var range in Ranges)
        {
            if (range.Gateway == ip)
            {
                return true;
            }
        }

        return false;
    }

    public bool Overlaps(RangeSet other)
    {
        foreach (var mine in Ranges)
        {
            foreach (var theirs in other.Ranges)
            {
                if (mine.Overlaps(theirs))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"10.0.0.2-10.0.0.254,10.1.0.2-10.1.0.254", as the reference's exhaustion message.</summary>
    public string Describe() => string.Join(",", Ranges.Select(r => r.Span));
}
