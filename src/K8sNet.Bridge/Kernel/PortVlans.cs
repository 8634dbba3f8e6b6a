using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

/// <summary>
/// The VLANs of a bridge port, in the reference's order (setupVeth in plugins/main/bridge/bridge.go): drop the default
/// VLAN 1 unless preserveDefaultVlan, then the access VLAN as PVID untagged, then the trunk's VLANs tagged, and a trunk
/// without an access VLAN gets VLAN 1 as its native (PVID untagged) VLAN.
/// </summary>
public static class PortVlans
{
    public static void Apply(RouteNetlink node, int portIndex, int vlan, IReadOnlyList<BridgeVlanRange> trunk, bool preserveDefaultVlan)
    {
        if (vlan == 0 && trunk.Count == 0)
        {
            return;
        }

        if (!preserveDefaultVlan)
        {
            TryRemoveDefaultVlan(node, portIndex);
        }

        if (vlan != 0)
        {
            node.AddBridgeVlan(portIndex, (ushort)vlan, pvid: true, untagged: true);
        }

        if (trunk.Count > 0)
        {
            node.AddBridgeVlans(portIndex, trunk);
            if (vlan == 0)
            {
                node.AddBridgeVlan(portIndex, 1, pvid: true, untagged: true);
            }
        }
    }

    /// <summary>A new port holds only the bridge's default_pvid (1); the reference removes whatever the port has.</summary>
    private static void TryRemoveDefaultVlan(RouteNetlink node, int portIndex)
    {
        try
        {
            node.DeleteBridgeVlan(portIndex, 1);
        }
        catch (ErrnoException ex) when (ex.Errno is Errno.ENOENT or Errno.EINVAL)
        {
            // The bridge had no default VLAN on the port.
        }
    }
}
