using System.Net;
using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Ipam.Allocation;
using K8sNet.Ipam.Config;
using K8sNet.Ipam.Dns;
using K8sNet.Ipam.Store;
using K8sNet.Linux;

namespace K8sNet.Ipam;

/// <summary>
/// The host-local IPAM plugin (reference HL main.go), used in-process by the bridge and as the standalone
/// <c>host-local</c>. ADD returns ips (address with the subnet's prefix, gateway), routes and dns; no interfaces.
/// </summary>
public sealed partial class HostLocalPlugin : ICniPlugin
{
    private readonly HostLocalOptions _options;

    public HostLocalPlugin()
        : this(new HostLocalOptions())
    {
    }

    public HostLocalPlugin(HostLocalOptions options) => _options = options;

    public CniResult Add(CniInvocation inv)
    {
        var config = IpamConfigLoader.Load(inv, _options.DataDir);
        // resolv.conf and requested addresses are checked before the store is touched, so a bad one changes nothing.
        var dns = config.ResolvConf is { } path ? ResolvConf.Read(path) : new CniDns();
        var requested = RequestedAssignment.Assign(config.RangeSets, config.RequestedIps);
        var allocations = WithStore(config.NetworkDir, inv, create: true, (store, context) =>
            Allocator.Allocate(config, requested, store, context, new LeaseContent(inv.Request.ContainerId, inv.Request.IfName), inv.Request.NetNs));
        return new CniResult
        {
            Ips = Map(allocations!, a => new CniIpConfig { Address = $"{a.Ip.ToString()}/{a.Range.Prefix.ToString()}", Gateway = a.Range.Gateway.ToString() }),
            Routes = Map(config.Routes, r => new CniRoute { Dst = r.Dst, Gw = r.Gw }),
            Dns = dns,
        };
    }

    /// <summary>Releases what (container, ifname) holds; missing network dir, index entry or lease is success.</summary>
    public void Del(CniInvocation inv)
    {
        var dir = NetworkDir(inv);
        WithStore(dir, inv, create: false, (store, _) =>
            store.Release(inv.Request.ContainerId, store.VerifiedLeasesOf(inv.Request.ContainerId, inv.Request.IfName)));
    }

    /// <summary>Succeeds if (container, ifname) holds a lease in this network, like the reference (no prevResult comparison).</summary>
    public void Check(CniInvocation inv)
    {
        if (LeasedAddresses(inv).Count == 0)
        {
            throw new CniException(
                CniErrorCode.CheckFailed,
                $"host-local: no address is leased to container {inv.Request.ContainerId} interface {inv.Request.IfName} in network {inv.NetworkName}");
        }
    }

    public IReadOnlyList<IPAddress> LeasedAddresses(CniInvocation inv)
    {
        var leases = WithStore(NetworkDir(inv), inv, create: false, (store, _) =>
            store.VerifiedLeasesOf(inv.Request.ContainerId, inv.Request.IfName));
        return Map(leases ?? [], l => l.Ip.ToIPAddress());
    }

    /// <summary>
    /// Runs <paramref name="action"/> only if the network has no lease left, while holding the store's lock, so no ADD
    /// can allocate in between (the bridge removes the network's masquerade rule this way when its last pod leaves).
    /// Returns whether it ran. A network that never had a lease directory is left alone.
    /// </summary>
    public bool RunIfNoLeases(CniInvocation inv, Action action) =>
        WithStore(NetworkDir(inv), inv, create: false, (store, _) =>
        {
            if (store.HasLeases)
            {
                return false;
            }

            action();
            return true;
        });

    /// <summary>The network directory from the ipam section without validating ranges: DEL must work with a broken config too.</summary>
    private string NetworkDir(CniInvocation inv)
    {
        var dataDir = _options.DataDir;
        if (dataDir is null && inv.Config.Ipam is { ValueKind: JsonValueKind.Object } ipam)
        {
            dataDir = IpamJsonReader.ReadDataDir(ipam, "ipam");
        }

        return IpamConfigLoader.NetworkDirectory(string.IsNullOrEmpty(dataDir) ? IpamConfigLoader.DefaultDataDir : dataDir, inv.NetworkName);
    }

    /// <summary>Runs work with the network's store open and locked; I/O failures become code 5 naming the directory.</summary>
    /// <remarks>
    /// A network without a lease directory, or with something other than a directory or a link under its name, has
    /// nothing to release; a link is refused by the store (it may hide leases, so DEL cannot claim success).</remarks>
    private T? WithStore<T>(string networkDir, CniInvocation inv, bool create, Func<LeaseStore, StoreContext, T> work)
    {
        var context = new StoreContext(
            _options.BootId(), _options.BootTimeUtc, _options.UtcNow, _options.NetNsExists, _options.TornLeaseGrace, _options.StepHook, inv.Logger);
        try
        {
            if (!create && NoFollow.Status(networkDir).Kind is not (EntryKind.Directory or EntryKind.SymbolicLink))
            {
                return default;
            }

            using var store = LeaseStore.Open(networkDir, context);
            return work(store, context);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.IoFailure, $"host-local: lease store {networkDir}: {ex.Message}", inner: ex);
        }
    }

    // Loops instead of LINQ on the ADD/DEL path: LINQ's iterators are code and type data that a plugin run would page
    // in for a list of one or two (issue 7, peak RSS).
    private static List<TOut> Map<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> map)
    {
        var list = new List<TOut>(items.Count);
        foreach (var item in items)
        {
            list.Add(map(item));
        }

        return list;
    }
}
