using K8sNet.Cni;
using K8sNet.Ipam.Config;
using K8sNet.Ipam.Ranges;
using K8sNet.Ipam.Store;

namespace K8sNet.Ipam.Allocation;

/// <summary>One address handed out: the set it came from, the range (prefix, gateway) and the address.</summary>
public sealed record Allocation(RangeSet Set, IpRange Range, IpValue Ip);

/// <summary>
/// One address per range set under one lock (reference allocator.go <c>Get</c>, all sets at once): a requested address
/// or the next free one round robin; when a set is full, leases left from an earlier boot are reclaimed first.
/// Either every set gets an address and the lot is committed, or nothing is kept.
/// </summary>
public static class Allocator
{
    /// <param name="requested">From <see cref="RequestedAssignment.Assign"/>, checked before the store was opened.</param>
    public static IReadOnlyList<Allocation> Allocate(
        IpamConfig config, IReadOnlyDictionary<int, IpValue> requested, LeaseStore store, StoreContext context, LeaseContent owner, string netNs)
    {
        var existing = store.VerifiedLeasesOf(owner.ContainerId, owner.IfName);
        store.PrepareLease(owner);
        var done = new List<Allocation>();
        try
        {
            foreach (var set in config.RangeSets)
            {
                done.Add(requested.TryGetValue(set.Index, out var ip)
                    ? Requested(set, ip, store)
                    : Dynamic(set, store, context, owner, existing));
            }

            store.CommitAdd(owner, done.ConvertAll(d => (d.Set.Index, d.Ip)), context.BootId, netNs);
            return done;
        }
        catch (Exception ex) when (ex is CniException or IOException or UnauthorizedAccessException)
        {
            store.AbortAdd(done.ConvertAll(d => d.Ip));
            throw;
        }
    }

    private static Allocation Requested(RangeSet set, IpValue ip, LeaseStore store)
    {
        if (!store.TryReserve(ip))
        {
            throw new CniException(
                CniErrorCode.AlreadyInUse, $"requested IP address {ip} is not available in range set {set.Describe()}: it is leased to {Holder(store, ip)}");
        }

        return new Allocation(set, set.RangeFor(ip)!, ip);
    }

    private static Allocation Dynamic(RangeSet set, LeaseStore store, StoreContext context, LeaseContent owner, IReadOnlyList<StoredLease> existing)
    {
        if (FirstIn(set, existing) is { } duplicate)
        {
            throw new CniException(
                CniErrorCode.AlreadyInUse,
                $"{duplicate.Ip} has been allocated to {owner.ContainerId} ({owner.IfName}), duplicate allocation is not allowed");
        }

        var found = FirstFree(set, store);
        if (found is null && RebootReclaim.Reclaim(store, context, l => set.Contains(l.Ip)) > 0)
        {
            found = FirstFree(set, store);
        }

        return found ?? throw new CniException(
            CniErrorCode.PoolExhausted, $"no IP addresses available in range set: {set.Describe()}");
    }

    /// <summary>Taken candidates tried one by one before the directory is read once instead (see FirstFree).</summary>
    private const int TriesBeforeListing = 8;

    /// <summary>
    /// The first address after the set's last reserved one, round robin, that can be reserved. In a crowded pool
    /// (more than <see cref="TriesBeforeListing"/> taken in a row) the lease files are listed once and only addresses
    /// without one are tried, so ADD costs the same with 250 pods as with 0. If that finds nothing, every candidate is
    /// tried as before, which reclaims an empty lease file left by an interrupted write (a listing cannot tell it).
    /// </summary>
    private static Allocation? FirstFree(RangeSet set, LeaseStore store, bool listWhenCrowded = true)
    {
        HashSet<IpValue>? leased = null;
        var tries = 0;
        foreach (var (ip, range) in RangeIterator.Candidates(set, store.LastReserved(set.Index)))
        {
            if (listWhenCrowded && leased is null && ++tries > TriesBeforeListing)
            {
                leased = store.LeasedAddresses();
            }

            if (leased is not null && leased.Contains(ip))
            {
                continue;
            }

            if (store.TryReserve(ip))
            {
                return new Allocation(set, range, ip);
            }
        }

        return leased is null ? null : FirstFree(set, store, listWhenCrowded: false);
    }

    private static StoredLease? FirstIn(RangeSet set, IReadOnlyList<StoredLease> leases)
    {
        foreach (var lease in leases)
        {
            if (set.Contains(lease.Ip))
            {
                return lease;
            }
        }

        return null;
    }

    private static string Holder(LeaseStore store, IpValue ip) =>
        store.OwnerOf(ip) is { } owner ? $"container {owner.ContainerId}" + (owner.IsLegacy ? string.Empty : $" ({owner.IfName})") : "an unreadable lease file";
}
