using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure builders of RTM_*ROUTE requests.</summary>
public static class RouteRequests
{
    /// <summary>ip route add … (or "ip route replace" with <paramref name="replace"/>); see <see cref="Route"/>.</summary>
    public static void Add(NetlinkWriter w, Route route, bool replace)
    {
        var flags = (ushort)(NLM_F_ACK | NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL));
        Write(w, Rtnl.RTM_NEWROUTE, flags, route, route.EffectiveScope, matchProtocol: true);
    }

    /// <summary>
    /// ip route del …: the kernel deletes the first route matching every field given, so give what was added.
    /// Scope NOWHERE means "any scope" to the kernel's matcher, as iproute2 sends it; protocol 0 means "any protocol"
    /// unless <paramref name="matchProtocol"/> asks for the route's own.
    /// </summary>
    public static void Delete(NetlinkWriter w, Route route, bool matchProtocol = false) =>
        Write(w, Rtnl.RTM_DELROUTE, NLM_F_ACK, route, route.Scope ?? Rtnl.RT_SCOPE_NOWHERE, matchProtocol);

    public static void Dump(NetlinkWriter w, byte family)
    {
        w.BeginMessage(Rtnl.RTM_GETROUTE, NLM_F_DUMP);
        w.Write(new RtMsg { rtm_family = family });
        w.EndMessage();
    }

    private static void Write(NetlinkWriter w, ushort type, ushort flags, Route route, byte scope, bool matchProtocol)
    {
        ArgumentNullException.ThrowIfNull(route);
        var family = RouteParser.FamilyOf(route.Family);
        if (route.Gateway is { } gw && RouteParser.FamilyOf(gw.AddressFamily) != family)
        {
            throw new ArgumentException($"route {route.Destination} has gateway {gw} of another address family", nameof(route));
        }

        w.BeginMessage(type, flags);
        w.Write(new RtMsg
        {
            rtm_family = family,
            rtm_dst_len = (byte)route.Destination.PrefixLength,
            rtm_table = route.Table < 256 ? (byte)route.Table : Rtnl.RT_TABLE_UNSPEC,
            rtm_protocol = matchProtocol ? route.Protocol : (byte)0,
            rtm_scope = scope,
            rtm_type = route.Type,
        });
        w.AttributeU32(Rtnl.RTA_TABLE, route.Table);
        if (route.Destination.PrefixLength > 0)
        {
            w.AttributeAddress(Rtnl.RTA_DST, route.Destination.BaseAddress);
        }

        if (route.Gateway is { } gateway)
        {
            w.AttributeAddress(Rtnl.RTA_GATEWAY, gateway);
        }

        if (route.OutputIndex is { } oif)
        {
            w.AttributeI32(Rtnl.RTA_OIF, oif);
        }

        if (route.Priority is { } priority)
        {
            w.AttributeU32(Rtnl.RTA_PRIORITY, priority);
        }

        if (route.PreferredSource is { } source)
        {
            w.AttributeAddress(Rtnl.RTA_PREFSRC, source);
        }

        if (type == Rtnl.RTM_NEWROUTE && (route.Mtu is not null || route.AdvMss is not null))
        {
            var metrics = w.BeginNested(Rtnl.RTA_METRICS);
            if (route.Mtu is { } mtu)
            {
                w.AttributeU32(Rtnl.RTAX_MTU, mtu);
            }

            if (route.AdvMss is { } advmss)
            {
                w.AttributeU32(Rtnl.RTAX_ADVMSS, advmss);
            }

            w.EndNested(metrics);
        }

        w.EndMessage();
    }
}
