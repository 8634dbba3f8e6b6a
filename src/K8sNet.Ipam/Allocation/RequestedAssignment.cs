using K8sNet.Cni;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Allocation;

/// <summary>
/// Which requested address goes to which range set (reference HL main.go <c>cmdAdd</c>: each request is consumed by the
/// first set containing it, one per set). Checked before anything is written, so a bad request changes nothing.
/// </summary>
public static class RequestedAssignment
{
    public static IReadOnlyDictionary<int, IpValue> Assign(IReadOnlyList<RangeSet> sets, IReadOnlyList<IpValue> requested)
    {
        foreach (var ip in requested)
        {
            foreach (var set in sets)
            {
                if (set.Ranges.FirstOrDefault(r => r.Gateway == ip && r.InSubnet(ip)) is { } range)
                {
                    throw new CniException(
                        CniErrorCode.InvalidConfig, $"requested IP {ip} is the gateway of range set {set.Index} ({range.Subnet}); it is never handed out");
                }
            }
        }

        var remaining = new List<IpValue>(requested);
        var assigned = new Dictionary<int, IpValue>();
        foreach (var set in sets)
        {
            var index = remaining.FindIndex(set.Contains);
            if (index >= 0)
            {
                assigned[set.Index] = remaining[index];
                remaining.RemoveAt(index);
            }
        }

        if (remaining.Count > 0)
        {
            throw new CniException(
                CniErrorCode.InvalidConfig,
                $"failed to allocate all requested IPs: {string.Join(" ", remaining)} (outside the ranges, or more than one per range set; ranges: {string.Join("; ", sets.Select(s => s.Describe()))})");
        }

        return assigned;
    }
}
