using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>IF_OPER_* from linux/if.h (RFC 2863 operational status), as `ip link` shows it.</summary>
public enum LinkOperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}

/// <summary>Bridge-port settings of a link enslaved to a bridge (IFLA_INFO_SLAVE_DATA, IFLA_BRPORT_*).</summary>
public sealed record BridgePortInfo(bool Hairpin, bool Isolated, bool Learning);

/// <summary>
/// One interface as RTM_NEWLINK describes it. Equivalent to a line of: ip -d link show.
/// </summary>
/// <param name="Index">ifindex in the link's own netns.</param>
/// <param name="Kind">IFLA_INFO_KIND ("bridge", "veth", …); null for physical/loopback devices.</param>
/// <param name="PeerIndex">IFLA_LINK: for a veth the peer's ifindex (in the peer's netns, see <paramref name="LinkNetNsId"/>).</param>
/// <param name="LinkNetNsId">IFLA_LINK_NETNSID: the peer's netns id as seen from this netns, when the peer is elsewhere.</param>
/// <param name="SlaveKind">IFLA_INFO_SLAVE_KIND ("bridge" for a bridge port).</param>
/// <param name="BridgePort">Port flags when <paramref name="SlaveKind"/> is "bridge".</param>
/// <param name="BridgeVlanFiltering">IFLA_BR_VLAN_FILTERING when this link is a bridge.</param>
public sealed record Link(
    int Index,
    string Name,
    string? Kind,
    MacAddress? Mac,
    int Mtu,
    uint Flags,
    int? MasterIndex,
    LinkOperState OperState,
    int? PeerIndex,
    int? LinkNetNsId,
    string? Alias,
    string? SlaveKind,
    BridgePortInfo? BridgePort,
    bool? BridgeVlanFiltering)
{
    /// <summary>Administratively up (IFF_UP).</summary>
    public bool IsUp => (Flags & Rtnl.IFF_UP) != 0;

    /// <summary>Carrier present (IFF_LOWER_UP).</summary>
    public bool IsLowerUp => (Flags & Rtnl.IFF_LOWER_UP) != 0;

    public bool IsPromiscuous => (Flags & Rtnl.IFF_PROMISC) != 0;
}
