namespace K8sNet.Linux.Rtnetlink.Wire;

#pragma warning disable CA1707 // C names kept verbatim so they can be grepped in the kernel headers
/// <summary>
/// rtnetlink constants: linux/rtnetlink.h, if_link.h, if_addr.h, if_bridge.h, veth.h, if.h, socket.h.
/// Each value is compared with the C headers by the struct-layout test.
/// </summary>
public static class Rtnl
{
    // Address families.
    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_BRIDGE = 7;
    public const byte AF_INET6 = 10;

    // Message types.
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_SETLINK = 19;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;

    // Link attributes (enum IFLA_*).
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_MASTER = 10;
    public const ushort IFLA_PROTINFO = 12;
    public const ushort IFLA_TXQLEN = 13;
    public const ushort IFLA_OPERSTATE = 16;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_NET_NS_PID = 19;
    public const ushort IFLA_IFALIAS = 20;
    public const ushort IFLA_AF_SPEC = 26;

    // Nested in IFLA_AF_SPEC / AF_INET: the interface's IPv4 devconf (net/ipv4/devinet.c inet_set_link_af).
    public const ushort IFLA_INET_CONF = 1;

    // enum in linux/ip.h; the attribute type inside IFLA_INET_CONF is the devconf index.
    public const ushort IPV4_DEVCONF_ARP_NOTIFY = 22;
    public const ushort IFLA_NET_NS_FD = 28;
    public const ushort IFLA_EXT_MASK = 29;
    public const ushort IFLA_LINK_NETNSID = 37;

    // Nested in IFLA_LINKINFO.
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
    public const ushort IFLA_INFO_SLAVE_KIND = 4;
    public const ushort IFLA_INFO_SLAVE_DATA = 5;

    // Nested in IFLA_INFO_DATA of a veth: the peer's struct ifinfomsg followed by its IFLA_* attributes.
    public const ushort VETH_INFO_PEER = 1;

    // Nested in IFLA_INFO_DATA of a bridge.
    public const ushort IFLA_BR_VLAN_FILTERING = 7;

    // Bridge port attributes: IFLA_PROTINFO (AF_BRIDGE setlink) or IFLA_INFO_SLAVE_DATA (getlink).
    public const ushort IFLA_BRPORT_MODE = 4;
    public const ushort IFLA_BRPORT_LEARNING = 8;
    public const ushort IFLA_BRPORT_ISOLATED = 33;

    // Nested in IFLA_AF_SPEC of an AF_BRIDGE message.
    public const ushort IFLA_BRIDGE_FLAGS = 0;
    public const ushort IFLA_BRIDGE_VLAN_INFO = 2;
    public const ushort BRIDGE_FLAGS_MASTER = 1;
    public const ushort BRIDGE_VLAN_INFO_MASTER = 1 << 0;
    public const ushort BRIDGE_VLAN_INFO_PVID = 1 << 1;
    public const ushort BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2;
    public const ushort BRIDGE_VLAN_INFO_RANGE_BEGIN = 1 << 3;
    public const ushort BRIDGE_VLAN_INFO_RANGE_END = 1 << 4;

    // IFLA_EXT_MASK filter bits.
    public const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;

    // Device flags (linux/if.h).
    public const uint IFF_UP = 0x1;
    public const uint IFF_PROMISC = 0x100;
    public const uint IFF_LOWER_UP = 0x10000;

    // Address attributes (enum IFA_*).
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02;
    public const uint IFA_F_PERMANENT = 0x80;

    // Route attributes (enum rtattr_type_t) and metrics (RTAX_*, nested in RTA_METRICS).
    public const ushort RTA_DST = 1;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_METRICS = 8;
    public const ushort RTA_TABLE = 15;
    public const ushort RTAX_MTU = 2;
    public const ushort RTAX_ADVMSS = 8;

    public const byte RT_TABLE_UNSPEC = 0;
    public const byte RT_TABLE_MAIN = 254;
    public const byte RTPROT_KERNEL = 2;
    public const byte RTPROT_BOOT = 3;
    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_LINK = 253;
    public const byte RT_SCOPE_HOST = 254;
    public const byte RT_SCOPE_NOWHERE = 255;
    public const byte RTN_UNICAST = 1;
    public const byte RTN_LOCAL = 2;
    public const uint RTM_F_CLONED = 0x200;

    /// <summary>IFNAMSIZ − 1: the longest interface name the kernel accepts.</summary>
    public const int MaxInterfaceNameLength = 15;
}
#pragma warning restore CA1707
