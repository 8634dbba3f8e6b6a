using System.Runtime.InteropServices;

namespace K8sNet.Linux.Netlink.Wire;

// /usr/include/linux/netlink.h
// struct sockaddr_nl {
//     __kernel_sa_family_t nl_family; /* AF_NETLINK */
//     unsigned short       nl_pad;    /* zero */
//     __u32                nl_pid;    /* port ID */
//     __u32                nl_groups; /* multicast groups mask */
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct SockaddrNl
{
    public ushort nl_family;
    public ushort nl_pad;
    public uint nl_pid;
    public uint nl_groups;

    public const int Size = 12;
}
#pragma warning restore IDE1006, CA1707
