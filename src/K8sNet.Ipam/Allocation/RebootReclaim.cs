using K8sNet.Ipam.Store;

namespace K8sNet.Ipam.Allocation;

/// <summary>
/// Leases that can only be leftovers of an earlier boot (plugins#252/#697: DEL never came before the reboot): made in
/// another boot (recorded boot id; for leases without one, e.g. the reference's, a lease file older than this boot) and
/// whose netns path no longer exists (unknown netns counts as gone: a netns never survives a reboot).
/// </summary>
public static class RebootReclaim
{
    public static bool IsReclaimable(StoredLease lease, LeaseStore store, StoreContext context)
    {
        if (lease.BootId == context.BootId)
        {
            return false;
        }

        if (lease.BootId.Length == 0)
        {
            if (store.LeaseWrittenUtc(lease.Ip) is not { } written || written >= context.BootTimeUtc)
            {
                return false;
            }
        }

        return lease.NetNs.Length == 0 || !context.NetNsExists(lease.NetNs);
    }

    /// <summary>Releases every reclaimable lease matching the filter; returns how many addresses were freed.</summary>
    public static int Reclaim(LeaseStore store, StoreContext context, Func<StoredLease, bool> filter)
    {
        var freed = 0;
        var stale = store.AllLeases().Where(l => filter(l) && IsReclaimable(l, store, context)).GroupBy(l => l.ContainerId).ToList();
        foreach (var group in stale)
        {
            var released = store.Release(group.Key, group.ToList());
            freed += released.Count;
            foreach (var ip in released)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(
                    context.Logger, "host-local: reclaimed {Ip} of {Id}: leased in an earlier boot, netns gone", ip, group.Key);
            }
        }

        return freed;
    }
}
