using System.Runtime.InteropServices;

namespace K8sNet.Linux.Rtnetlink.Wire;

// /usr/include/linux/rtnetlink.h
// struct ifinfomsg {
//     unsigned char  ifi_family;
//     unsigned char  __ifi_pad;
//     unsigned short ifi_type;   /* ARPHRD_* */
//     int            ifi_index;  /* Link index */
//     unsigned       ifi_flags;  /* IFF_* flags */
//     unsigned       ifi_change; /* IFF_* change mask */
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct IfInfoMsg
{
    public byte ifi_family;
    public byte __ifi_pad;
    public ushort ifi_type;
    public int ifi_index;
    public uint ifi_flags;
    public uint ifi_change;

    public const int Size = 16;
}
#pragma warning restore IDE1006, CA1707
