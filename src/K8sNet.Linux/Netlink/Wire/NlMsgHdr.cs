using System.Runtime.InteropServices;

namespace K8sNet.Linux.Netlink.Wire;

// /usr/include/linux/netlink.h
// struct nlmsghdr {
//     __u32 nlmsg_len;   /* Length of message including header */
//     __u16 nlmsg_type;  /* Message content */
//     __u16 nlmsg_flags; /* Additional flags */
//     __u32 nlmsg_seq;   /* Sequence number */
//     __u32 nlmsg_pid;   /* Sending process port ID */
// };
#pragma warning disable IDE1006, CA1707 // C member names kept verbatim (style rule 2)
[StructLayout(LayoutKind.Sequential)]
public struct NlMsgHdr
{
    public uint nlmsg_len;
    public ushort nlmsg_type;
    public ushort nlmsg_flags;
    public uint nlmsg_seq;
    public uint nlmsg_pid;

    public const int Size = 16;
}
#pragma warning restore IDE1006, CA1707
