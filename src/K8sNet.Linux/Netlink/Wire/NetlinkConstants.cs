namespace K8sNet.Linux.Netlink.Wire;

#pragma warning disable CA1707 // C names kept verbatim so they can be grepped in the kernel headers
/// <summary>Protocol-independent netlink constants (/usr/include/linux/netlink.h).</summary>
public static class NetlinkConstants
{
    // Protocols (socket(AF_NETLINK, SOCK_RAW, protocol)).
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_NETFILTER = 12;

    // Flags for every request.
    public const ushort NLM_F_REQUEST = 0x01;
    public const ushort NLM_F_MULTI = 0x02;
    public const ushort NLM_F_ACK = 0x04;
    public const ushort NLM_F_ECHO = 0x08;
    public const ushort NLM_F_DUMP_INTR = 0x10;
    public const ushort NLM_F_DUMP_FILTERED = 0x20;

    // Modifiers to GET requests.
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    // Modifiers to NEW requests.
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;
    public const ushort NLM_F_APPEND = 0x800;

    // Flags on an ACK (NLMSG_ERROR).
    public const ushort NLM_F_CAPPED = 0x100;
    public const ushort NLM_F_ACK_TLVS = 0x200;

    // Control message types.
    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    // enum nlmsgerr_attrs: TLVs after an extended ACK.
    public const ushort NLMSGERR_ATTR_MSG = 1;

    // struct nlattr nla_type bits.
    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_F_NET_BYTEORDER = 0x4000;
    public const ushort NLA_TYPE_MASK = 0x3fff;

    /// <summary>NLMSG_ALIGNTO and NLA_ALIGNTO are both 4.</summary>
    public const int Alignment = 4;

    public const int NlaHeaderSize = 4;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);
}
#pragma warning restore CA1707
