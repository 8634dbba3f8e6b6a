using System.Runtime.InteropServices;

namespace K8sNet.Linux.Rtnetlink.Wire;

// /usr/include/linux/rtnetlink.h
// struct rtmsg {
//     unsigned char rtm_family;
//     unsigned char rtm_dst_len;
//     unsigned char rtm_src_len;
//     unsigned char rtm_tos;
//     unsigned char rtm_table;    /* Routing table id (RTA_TABLE for ids >= 256) */
//     unsigned char rtm_protocol; /* Routing protocol; see below */
//     unsigned char rtm_scope;    /* See below */
//     unsigned char rtm_type;     /* See below */
//     unsigned      rtm_flags;
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct RtMsg
{
    public byte rtm_family;
    public byte rtm_dst_len;
    public byte rtm_src_len;
    public byte rtm_tos;
    public byte rtm_table;
    public byte rtm_protocol;
    public byte rtm_scope;
    public byte rtm_type;
    public uint rtm_flags;

    public const int Size = 12;
}
#pragma warning restore IDE1006, CA1707
