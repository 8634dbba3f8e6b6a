using System.Runtime.InteropServices;

namespace K8sNet.Linux.Rtnetlink.Wire;

// /usr/include/linux/if_bridge.h
// struct bridge_vlan_info {
//     __u16 flags; /* BRIDGE_VLAN_INFO_* */
//     __u16 vid;
// };
#pragma warning disable IDE1006, CA1707
[StructLayout(LayoutKind.Sequential)]
public struct BridgeVlanInfo
{
    public ushort flags;
    public ushort vid;

    public const int Size = 4;
}
#pragma warning restore IDE1006, CA1707
