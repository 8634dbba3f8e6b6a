using System.Runtime.InteropServices;

namespace K8sNet.Linux.Netlink.Wire;

// /usr/include/linux/netlink.h
// struct nlmsgerr {
//     int error;            /* 0 = ACK, otherwise -errno */
//     struct nlmsghdr msg;  /* header of the request; its payload follows unless NETLINK_CAP_ACK */
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct NlMsgErr
{
    public int error;
    public NlMsgHdr msg;

    public const int Size = 20;
}
#pragma warning restore IDE1006, CA1707
