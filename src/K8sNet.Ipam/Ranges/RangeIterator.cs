namespace K8sNet.Ipam.Ranges;

/// <summary>
/// The reference's round-robin walk (allocator.go <c>GetIter</c>/<c>RangeIter.Next</c>): start just after the last
/// reserved address if it lies in the set, else at the first range's start; run to each range's end, continue with the
/// next range (wrapping), skip gateways, and stop when back at the first candidate. Pure: no I/O.
/// </summary>
public static class RangeIterator
{
    public static IEnumerable<(IpValue Ip, IpRange Range)> Candidates(RangeSet set, IpValue? lastReserved)
    {
        var ranges = set.Ranges;
        int rangeIndex;
        IpValue current;
        IpValue? first = null;
        if (lastReserved is { } last && set.RangeFor(last) is { } holder)
        {
            rangeIndex = IndexOf(ranges, holder);
            (rangeIndex, current) = Advance(ranges, rangeIndex, last);
        }
        else
        {
            rangeIndex = 0;
            current = ranges[0].Start;
        }

        while (true)
        {
            if (first is null)
            {
                first = current;
            }
            else if (current == first.Value)
            {
                yield break;
            }

            var range = ranges[rangeIndex];
            if (current != range.Gateway)
            {
                yield return (current, range);
            }

            (rangeIndex, current) = Advance(ranges, rangeIndex, current);
        }
    }

    private static (int, IpValue) Advance(IReadOnlyList<IpRange> ranges, int rangeIndex, IpValue current)
    {
        if (current == ranges[rangeIndex].End)
        {
            rangeIndex = (rangeIndex + 1) % ranges.Count;
            return (rangeIndex, ranges[rangeIndex].Start);
        }

        return (rangeIndex, current.Next());
    }

    private static int IndexOf(IReadOnlyList<IpRange> ranges, IpRange range)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ReferenceEquals(ranges[i], range))
            {
                return i;
            }
        }

        return 0;
    }
}
