using System.Net;
using System.Net.Sockets;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure decoding of RTM_NEWROUTE messages (route dump entries).</summary>
public static class RouteParser
{
    /// <summary>Skips cache clones (RTM_F_CLONED), which are not configuration.</summary>
    public static bool TryParse(NetlinkMessage message, out Route route)
    {
        route = null!;
        if (message.Type != Rtnl.RTM_NEWROUTE)
        {
            return false;
        }

        var header = message.ReadFixed<RtMsg>();
        if ((header.rtm_flags & Rtnl.RTM_F_CLONED) != 0 || header.rtm_family is not (Rtnl.AF_INET or Rtnl.AF_INET6))
        {
            return false;
        }

        IPAddress? destination = null, gateway = null, source = null;
        int? oif = null;
        uint table = header.rtm_table;
        uint? priority = null, mtu = null, advmss = null;
        var attributes = message.AttributesAfter<RtMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case Rtnl.RTA_DST: destination = attributes.Address; break;
                case Rtnl.RTA_GATEWAY: gateway = attributes.Address; break;
                case Rtnl.RTA_PREFSRC: source = attributes.Address; break;
                case Rtnl.RTA_OIF: oif = attributes.I32; break;
                case Rtnl.RTA_TABLE: table = attributes.U32; break;
                case Rtnl.RTA_PRIORITY: priority = attributes.U32; break;
                case Rtnl.RTA_METRICS:
                    var metrics = attributes.Nested();
                    while (metrics.MoveNext())
                    {
                        if (metrics.Type == Rtnl.RTAX_MTU)
                        {
                            mtu = metrics.U32;
                        }
                        else if (metrics.Type == Rtnl.RTAX_ADVMSS)
                        {
                            advmss = metrics.U32;
                        }
                    }

                    break;
            }
        }

        destination ??= header.rtm_family == Rtnl.AF_INET ? IPAddress.Any : IPAddress.IPv6Any;
        route = new Route(new IPNetwork(destination, header.rtm_dst_len), gateway, oif, header.rtm_scope, table, priority, mtu,
            advmss, header.rtm_protocol, header.rtm_type, source);
        return true;
    }

    internal static byte FamilyOf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Rtnl.AF_INET,
        AddressFamily.InterNetworkV6 => Rtnl.AF_INET6,
        AddressFamily.Unspecified => Rtnl.AF_UNSPEC,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4, IPv6 or unspecified"),
    };
}
