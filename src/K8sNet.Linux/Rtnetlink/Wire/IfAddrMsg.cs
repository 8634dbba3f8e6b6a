using System.Runtime.InteropServices;

namespace K8sNet.Linux.Rtnetlink.Wire;

// /usr/include/linux/if_addr.h
// struct ifaddrmsg {
//     __u8  ifa_family;
//     __u8  ifa_prefixlen; /* The prefix length */
//     __u8  ifa_flags;     /* Flags (IFA_F_*; IFA_FLAGS attribute carries all 32 bits) */
//     __u8  ifa_scope;     /* Address scope */
//     __u32 ifa_index;     /* Link index */
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct IfAddrMsg
{
    public byte ifa_family;
    public byte ifa_prefixlen;
    public byte ifa_flags;
    public byte ifa_scope;
    public uint ifa_index;

    public const int Size = 8;
}
#pragma warning restore IDE1006, CA1707
