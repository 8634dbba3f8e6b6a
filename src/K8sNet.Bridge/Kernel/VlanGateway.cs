using K8sNet.Bridge.Config;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

/// <summary>
/// isGateway with vlan: the gateway address lives on "&lt;bridge&gt;.&lt;vlan&gt;", one end of a veth pair whose other end
/// is a bridge port with the VLAN as PVID untagged, so the gateway sits inside the pods' VLAN (the reference's
/// ensureVlanInterface). Like the bridge it is shared by the network's pods and never removed by DEL.
/// </summary>
public static class VlanGateway
{
    private const int NameAttempts = 10;

    /// <summary>
    /// Equivalent to: ip link add vethXXXXXXXX mtu BRIDGE_MTU type veth peer name BR.VLAN; ip link set vethX master BR;
    /// bridge vlan del dev vethX vid 1; bridge vlan add dev vethX vid VLAN pvid untagged; ip link set vethX up;
    /// ip link set BR.VLAN up. An existing BR.VLAN is used as it is. A pair this call made is deleted again if wiring it
    /// fails, so the next ADD does not take a half-wired interface for a finished one.
    /// </summary>
    public static Link Ensure(RouteNetlink node, Link bridge, BridgeConf conf)
    {
        var name = conf.VlanGatewayName ?? throw new InvalidOperationException("no VLAN gateway without isGateway and vlan");
        if (node.TryGetLinkByName(name) is { } existing)
        {
            return existing;
        }

        var port = CreatePair(node, name, bridge.Mtu);
        if (port is null)
        {
            return node.GetLinkByName(name); // A concurrent ADD of the network made it first.
        }

        try
        {
            NodeSysctls.RejectRouterAdvertisements(port.Name);
            node.SetMaster(port.Index, bridge.Index);
            PortVlans.Apply(node, port.Index, conf.Vlan, [], conf.PreserveDefaultVlan == true);
            node.SetUp(port.Index);
            var gateway = node.GetLinkByName(name);
            node.SetUp(gateway.Index);
            return node.GetLinkByIndex(gateway.Index);
        }
        catch
        {
            TryDelete(node, port.Index);
            throw;
        }
    }

    /// <summary>The bridge-side end, or null when BR.VLAN appeared meanwhile (EEXIST on the gateway name).</summary>
    private static Link? CreatePair(RouteNetlink node, string name, int? mtu)
    {
        for (var attempt = 1; ; attempt++)
        {
            var portName = HostVethName.NewRandom();
            try
            {
                return node.CreateVeth(new VethSpec(portName, name, PeerNetNs: null, Mtu: mtu, TxQueueLength: 0));
            }
            catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST && node.TryGetLinkByName(name) is not null)
            {
                return null;
            }
            catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST && attempt < NameAttempts)
            {
                // Our random port name was taken: try another.
            }
        }
    }

    private static void TryDelete(RouteNetlink node, int index)
    {
        try
        {
            node.DeleteLink(index);
        }
        catch (ErrnoException)
        {
            // Best effort: the error being reported is the one that made us clean up.
        }
    }
}
