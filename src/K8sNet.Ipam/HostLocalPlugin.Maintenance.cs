using K8sNet.Cni;
using K8sNet.Ipam.Allocation;
using K8sNet.Ipam.Config;
using K8sNet.Ipam.Ranges;
using K8sNet.Ipam.Store;
using Microsoft.Extensions.Logging;

namespace K8sNet.Ipam;

/// <summary>CNI 1.1 GC and STATUS, which the reference host-local leaves as FIXMEs.</summary>
public sealed partial class HostLocalPlugin
{
    /// <summary>
    /// Releases every lease whose attachment is not in <c>cni.dev/valid-attachments</c> (or the older
    /// <c>cni.dev/attachments</c>), plus leases left from an earlier boot whose netns is gone, plus old empty lease files.
    /// Without either list only the last two are done: an absent list must not mean "release everything".
    /// </summary>
    public void Gc(CniInvocation inv)
    {
        var valid = inv.Config.ValidAttachments ?? inv.Config.LegacyAttachments;
        HashSet<(string, string)>? keep = null;
        if (valid is not null)
        {
            keep = [];
            foreach (var a in valid)
            {
                keep.Add((a.ContainerId, a.IfName));
            }
        }

        WithStore(NetworkDir(inv), inv, create: false, (store, context) =>
        {
            bool Orphaned(StoredLease l) => keep is not null
                && !(keep.Contains((l.ContainerId, l.IfName)) || (l.IfName.Length == 0 && valid!.Exists(k => k.ContainerId == l.ContainerId)));
            var errors = new List<string>();
            foreach (var group in store.AllLeases().Where(l => Orphaned(l) || RebootReclaim.IsReclaimable(l, store, context)).GroupBy(l => l.ContainerId).ToList())
            {
                try
                {
                    foreach (var ip in store.Release(group.Key, group.ToList()))
                    {
                        inv.Logger.LogInformation("host-local: GC released {Ip} of {Id}", ip, group.Key);
                    }
                }
                catch (IOException ex)
                {
                    // GC continues on errors and reports them (SPEC GC).
                    errors.Add($"{group.Key}: {ex.Message}");
                }
            }

            store.RemoveTornLeftovers();
            return errors.Count == 0 ? 0 : throw new CniException(CniErrorCode.IoFailure, $"host-local: GC could not release: {string.Join("; ", errors)}");
        });
    }

    /// <summary>Code 50 when the data dir cannot be used or some range set has no address left (even after reboot reclaim).</summary>
    public void Status(CniInvocation inv)
    {
        var config = IpamConfigLoader.Load(inv, _options.DataDir);
        try
        {
            WithStore(config.NetworkDir, inv, create: true, (store, context) =>
            {
                foreach (var set in config.RangeSets)
                {
                    var free = RangeIterator.Candidates(set, store.LastReserved(set.Index)).Any(c => !store.IsTaken(c.Ip));
                    if (!free && !store.AllLeases().Any(l => set.Contains(l.Ip) && RebootReclaim.IsReclaimable(l, store, context)))
                    {
                        throw new CniException(CniErrorCode.NotAvailable, $"no IP addresses available in range set: {set.Describe()}");
                    }
                }

                return 0;
            });
        }
        catch (CniException ex) when (ex.Code == CniErrorCode.IoFailure)
        {
            throw new CniException(CniErrorCode.NotAvailable, $"host-local: data dir unusable: {ex.Message}");
        }
    }
}
