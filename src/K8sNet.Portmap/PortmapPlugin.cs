using System.Net;
using System.Net.Sockets;
using K8sNet.Cni;
using K8sNet.Cni.Diagnostics;
using K8sNet.Cni.Results;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Portmap.Config;
using K8sNet.Portmap.Conntrack;
using K8sNet.Portmap.Nft;
using Microsoft.Extensions.Logging;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap;

/// <summary>
/// The <c>portmap</c> meta-plugin, chained after the bridge: maps runtimeConfig.portMappings (hostPort) to the pod
/// address prevResult names, and passes prevResult on. Runs in the node's netns, as the runtime calls it.
/// </summary>
public sealed class PortmapPlugin : ICniPlugin
{
    /// <summary>0.1.0 to 1.1.0, like the reference's (version.All); a 0.1.0/0.2.0 prevResult is read from ip4/ip6.</summary>
    public CniVersionSet Versions => CniVersionSet.All;

    public CniResult Add(CniInvocation invocation)
    {
        var conf = PortmapConfLoader.Load(invocation.Config.Root);
        var prev = invocation.PrevResult ?? throw CniException.InvalidConfig("prevResult", "must be called as chained plugin");
        if (conf.Mappings.Count == 0)
        {
            return prev;
        }

        var addresses = ContainerAddresses.From(prev, invocation.Request.IfName);
        if (addresses.IsEmpty)
        {
            throw CniException.InvalidConfig(
                "prevResult", $"no address of interface \"{invocation.Request.IfName}\" in a sandbox: nothing to map the hostPorts to (the reference silently installs nothing)");
        }

        using var session = PortmapSession.Open();
        var attachment = AttachmentOf(invocation);
        if (conf.Backend == PortmapBackends.Iptables)
        {
            Iptables.IptablesHostportBackend.Create().Add(attachment, conf, addresses);
            if (conf.Snat && addresses.V4 is { } v4 && session.Node.InterfaceTowards(v4) is { } hostIf)
            {
                // The reference's behaviour in its own layout (no guard: that is the nftables backend's).
                NodeView.SetRouteLocalnet(hostIf, on: true);
            }

            FlushConntrack(session, conf.Mappings, invocation.Logger, addresses.Each().Select(a => a.Address.AddressFamily).ToHashSet());
            return prev;
        }

        var plans = Plans(attachment, conf, addresses, session);
        FaultPoint.Reached("portmap:add:read");
        session.Nft.Add(attachment, plans);
        FaultPoint.Reached("portmap:add:rules");
        foreach (var bridge in plans.Select(p => p.LocalhostBridge).OfType<string>().Distinct())
        {
            try
            {
                NodeView.SetRouteLocalnet(bridge, on: true);
            }
            catch (ErrnoException e)
            {
                session.Nft.Remove(attachment.Key, _ => { });
                throw new CniException(CniErrorCode.KernelFailure, $"unable to enable route_localnet on {bridge}: {e.Message}");
            }
        }

        FaultPoint.Reached("portmap:add:localnet");
        FlushConntrack(session, conf.Mappings, invocation.Logger, plans.Select(p => p.Pod.AddressFamily).ToHashSet());
        return prev;
    }

    public void Del(CniInvocation invocation)
    {
        var conf = PortmapConfLoader.Load(invocation.Config.Root);
        var attachment = AttachmentOf(invocation);
        using var session = PortmapSession.Open();
        var removed = session.Nft.Remove(attachment.Key, ResetRouteLocalnet);
        FaultPoint.Reached("portmap:del:rules");
        AfterRemoval(removed, session, invocation.Logger);
        try
        {
            ReferenceNftCleanup.Remove(session.NftSocket, invocation.Request.ContainerId);
        }
        catch (ErrnoException e)
        {
            throw new CniException(CniErrorCode.FirewallFailure, $"could not remove the reference portmap's {ReferenceNftCleanup.Table} rules of {invocation.Request.ContainerId}: {e.Message}");
        }

        if (conf.Backend == PortmapBackends.Iptables || Iptables.ReferenceCleanup.MayHaveRules())
        {
            Iptables.IptablesHostportBackend.Create().Remove(attachment);
        }

        if (removed.Count == 0 && conf.Mappings.Count > 0)
        {
            FlushConntrack(session, conf.Mappings, invocation.Logger, null);
        }
    }

    public void Check(CniInvocation invocation)
    {
        var conf = PortmapConfLoader.Load(invocation.Config.Root);
        var prev = invocation.PrevResult ?? throw CniException.InvalidConfig("prevResult", "Required prevResult missing");
        if (conf.Mappings.Count == 0)
        {
            return;
        }

        var addresses = ContainerAddresses.From(prev, invocation.Request.IfName);
        if (addresses.IsEmpty)
        {
            throw CniException.InvalidConfig("prevResult", $"no address of interface \"{invocation.Request.IfName}\" in a sandbox");
        }

        using var session = PortmapSession.Open();
        var attachment = AttachmentOf(invocation);
        if (conf.Backend == PortmapBackends.Iptables)
        {
            Iptables.IptablesHostportBackend.Create().Check(attachment, conf, addresses);
            return;
        }

        session.Nft.Check(attachment, Plans(attachment, conf, addresses, session));
    }

    /// <summary>GC (1.1): removes the rules of this network's attachments that are not in cni.dev/valid-attachments.</summary>
    public void Gc(CniInvocation invocation)
    {
        var valid = new HashSet<string>();
        foreach (var a in invocation.Config.ValidAttachments ?? invocation.Config.LegacyAttachments ?? [])
        {
            valid.Add(new Attachment(invocation.NetworkName, a.ContainerId, a.IfName).Key);
        }

        using var session = PortmapSession.Open();
        var removed = session.Nft.Remove(r => r.Network == invocation.NetworkName && !valid.Contains(r.Key), ResetRouteLocalnet);
        AfterRemoval(removed, session, invocation.Logger);
    }

    public void Status(CniInvocation invocation)
    {
    }

    private static Attachment AttachmentOf(CniInvocation invocation) =>
        new(invocation.NetworkName, invocation.Request.ContainerId, invocation.Request.IfName);

    private static List<HostportPlan> Plans(Attachment attachment, PortmapConf conf, ContainerAddresses addresses, PortmapSession session)
    {
        var plans = new List<HostportPlan>();
        foreach (var (address, _) in addresses.Each())
        {
            if (HostportPlan.For(attachment, conf, address, session.Node.InterfaceTowards) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans;
    }

    /// <summary>route_localnet back to 0 on the bridges whose last localhost mapping goes (before the rules go).</summary>
    public static void ResetRouteLocalnet(IReadOnlyList<string> bridges)
    {
        foreach (var bridge in bridges)
        {
            try
            {
                NodeView.SetRouteLocalnet(bridge, on: false);
            }
            catch (ErrnoException e)
            {
                throw new CniException(CniErrorCode.KernelFailure, $"unable to reset route_localnet on {bridge}: {e.Message}");
            }
        }
    }

    /// <summary>UDP conntrack of the removed mappings.</summary>
    private static void AfterRemoval(List<HostportRule> removed, PortmapSession session, ILogger logger)
    {
        var mappings = new List<PortMapping>();
        var families = new HashSet<AddressFamily>();
        foreach (var rule in removed.Where(r => r.Kind == "dnat" && r.Protocol == "udp" && r.HostPort > 0))
        {
            mappings.Add(new PortMapping(rule.HostPort, rule.ContainerPort, "udp", rule.HostIp == "*" ? null : IPAddress.Parse(rule.HostIp)));
            families.Add(rule.Family == NFPROTO_IPV6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        }

        FlushConntrack(session, mappings, logger, families);
    }

    /// <summary>
    /// Deletes stale UDP conntrack entries to the node's own addresses (or the hostIP) on each UDP hostPort: one
    /// conntrack dump for both families (a dump walks the kernel's whole hash table, so it is not repeated per
    /// mapping and family as the reference does), skipped when the node netns tracks no connection at all.
    /// Like the reference, a failure here is logged, not fatal: the rules are already right.
    /// </summary>
    /// <param name="mapped">The families the mappings were installed in (a UDP mapping without hostIP maps only the pod's
    /// families); null when not known (a DEL that found no rules), then every family a mapping applies to.</param>
    private static void FlushConntrack(PortmapSession session, IReadOnlyList<PortMapping> mappings, ILogger logger, IReadOnlySet<AddressFamily>? mapped)
    {
        var udp = mappings.Where(m => m.Protocol == "udp").ToList();
        if (udp.Count == 0 || UdpConntrackFlush.NothingTracked())
        {
            return;
        }

        try
        {
            var targets = new List<(IReadOnlyCollection<IPAddress> Destinations, int Port)>();
            var families = new List<AddressFamily>();
            foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
            {
                var ofFamily = mapped is null || mapped.Contains(family) ? udp.Where(m => m.AppliesTo(family)).ToList() : [];
                if (ofFamily.Count == 0)
                {
                    continue;
                }

                families.Add(family);
                var local = session.Node.LocalAddresses(family);
                targets.AddRange(ofFamily.Select(m => ((IReadOnlyCollection<IPAddress>)(m.HostIp is { } ip ? [ip] : local), m.HostPort)));
            }

            if (families.Count == 0)
            {
                return;
            }

            var dumpFamily = families.Count == 2 ? (byte)0 : families[0] == AddressFamily.InterNetworkV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
            var count = UdpConntrackFlush.Flush(session.Conntrack, dumpFamily, targets);
            logger.LogDebug("stale UDP conntrack entries flushed ({Count}: entries a dump deleted, or filtered flushes run)", count);
        }
        catch (ErrnoException e)
        {
            logger.LogWarning("failed to delete stale UDP conntrack entries: {Error}", e.Message);
        }
    }
}

/// <summary>The node-netns sockets one verb uses, opened once.</summary>
internal sealed class PortmapSession : IDisposable
{
    private readonly NetlinkSocket _nftSocket;
    private readonly RouteNetlink _route;
    private NetlinkSocket? _conntrack;

    private PortmapSession(NetlinkSocket nft, RouteNetlink route)
    {
        _nftSocket = nft;
        _route = route;
        Nft = new NftHostportBackend(nft);
        Node = new NodeView(route);
    }

    public NftHostportBackend Nft { get; }

    public NetlinkSocket NftSocket => _nftSocket;

    public NodeView Node { get; }

    /// <summary>The same NETLINK_NETFILTER protocol, a separate socket: ctnetlink dumps can be large.</summary>
    public NetlinkSocket Conntrack => _conntrack ??= NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);

    public static PortmapSession Open()
    {
        try
        {
            return new PortmapSession(NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER), RouteNetlink.Open());
        }
        catch (ErrnoException e)
        {
            throw new CniException(CniErrorCode.KernelFailure, $"could not open netlink in the node's network namespace: {e.Message}");
        }
    }

    public void Dispose()
    {
        _conntrack?.Dispose();
        _route.Dispose();
        _nftSocket.Dispose();
    }
}
