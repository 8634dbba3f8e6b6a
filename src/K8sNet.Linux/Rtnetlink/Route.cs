using System.Net;
using System.Net.Sockets;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>
/// A route to add, delete, or as listed. Equivalent to: ip route add DST [via GW] [dev OIF] [scope S] [table T]
/// [metric P] [mtu M] [advmss A] [proto PROTO].
/// </summary>
/// <param name="Destination">Prefix with host bits clear; 0.0.0.0/0 or ::/0 for a default route.</param>
/// <param name="Scope">Null means iproute2's choice: link scope for an IPv4 route without gateway, else universe.</param>
/// <param name="Table">Routing table id; RT_TABLE_MAIN (254) by default.</param>
/// <param name="Priority">RTA_PRIORITY, the "metric".</param>
/// <param name="Mtu">RTAX_MTU inside RTA_METRICS.</param>
/// <param name="AdvMss">RTAX_ADVMSS inside RTA_METRICS.</param>
/// <param name="Protocol">RTPROT_*: "boot" (3) is what `ip route add` uses.</param>
/// <param name="Type">RTN_*: unicast (1) unless listing local/broadcast routes.</param>
public sealed record Route(
    IPNetwork Destination,
    IPAddress? Gateway = null,
    int? OutputIndex = null,
    byte? Scope = null,
    uint Table = Rtnl.RT_TABLE_MAIN,
    uint? Priority = null,
    uint? Mtu = null,
    uint? AdvMss = null,
    byte Protocol = Rtnl.RTPROT_BOOT,
    byte Type = Rtnl.RTN_UNICAST,
    IPAddress? PreferredSource = null)
{
    public AddressFamily Family => Destination.BaseAddress.AddressFamily;

    public bool IsDefault => Destination.PrefixLength == 0;

    /// <summary>The scope the kernel is given: explicit, else RT_SCOPE_LINK for a gateway-less IPv4 route.</summary>
    internal byte EffectiveScope => Scope
        ?? (Gateway is null && Family == AddressFamily.InterNetwork && Type == Rtnl.RTN_UNICAST
            ? Rtnl.RT_SCOPE_LINK
            : Rtnl.RT_SCOPE_UNIVERSE);

    /// <summary>As `ip route` prints it (roughly); concatenated, no pooled interpolation buffer (see RouteNetlink.Dev).</summary>
    public override string ToString() =>
        string.Concat(
            Destination.ToString(),
            Gateway is null ? "" : " via " + Gateway.ToString(),
            OutputIndex is null ? "" : " dev #" + OutputIndex.Value.ToString(),
            " table " + Table.ToString());
}
