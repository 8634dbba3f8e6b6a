using K8sNet.Ipam;
using K8sNet.Ipam.Store;
using K8sNet.Operator.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Operator.Leases;

/// <summary>
/// Reads and releases leases through the plugin's own store, under its lock, so an operator never races an ADD and
/// a stale index is rebuilt exactly as the plugin would rebuild it.
/// </summary>
public static class LeaseReader
{
    public static IReadOnlyList<LeaseRow> Read(K8sNetNetwork network, ILogger? logger = null)
    {
        if (!Directory.Exists(network.NetworkDir))
        {
            return [];
        }

        using var store = LeaseStore.Open(network.NetworkDir, Context(logger));
        return store.AllLeases()
            .Select(l => Row(network.Name, store, l))
            .OrderBy(r => r.ContainerId, StringComparer.Ordinal).ThenBy(r => r.IfName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Releases the leases of one attachment if the files still name it; returns the addresses freed.</summary>
    public static IReadOnlyList<string> Release(K8sNetNetwork network, string containerId, string ifName, ILogger? logger = null)
    {
        if (!Directory.Exists(network.NetworkDir))
        {
            return [];
        }

        using var store = LeaseStore.Open(network.NetworkDir, Context(logger));
        var leases = store.LeasesOf(containerId).Where(l => l.IfName == ifName).ToList();
        return store.Release(containerId, leases).Select(ip => ip.ToString()).ToList();
    }

    /// <summary>
    /// Runs <paramref name="action"/> only if no lease of the network matches <paramref name="inUse"/>, holding the
    /// store's lock meanwhile so no ADD allocates in between (as the plugin's DEL removes a network's last rule).
    /// Returns whether it ran.
    /// </summary>
    public static bool RunIfNoLease(K8sNetNetwork network, Func<string, bool> inUse, Action action, ILogger? logger = null)
    {
        using var store = LeaseStore.Open(network.NetworkDir, Context(logger));
        if (store.AllLeases().Any(l => inUse(l.Ip.ToString())))
        {
            return false;
        }

        action();
        return true;
    }

    private static LeaseRow Row(string network, LeaseStore store, StoredLease lease)
    {
        // The lease file itself (lstat): a link under the address's name is no lease, wherever it points.
        return new LeaseRow(network, lease.ContainerId, lease.IfName, lease.Ip.ToString(), lease.NetNs, store.PathOf(lease.Ip), store.LeaseWrittenUtc(lease.Ip));
    }

    private static StoreContext Context(ILogger? logger)
    {
        var machine = new HostLocalOptions();
        return new StoreContext(
            machine.BootId(), machine.BootTimeUtc, machine.UtcNow, machine.NetNsExists, machine.TornLeaseGrace, null, logger ?? NullLogger.Instance);
    }
}
