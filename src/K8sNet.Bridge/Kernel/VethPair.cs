using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

/// <summary>The two ends of one attachment: the host end on the bridge, the container end in the pod.</summary>
public sealed record VethEnds(Link Host, Link Container);

/// <summary>Creates and wires the veth pair of one pod.</summary>
public static class VethPair
{
    private const int NameAttempts = 10;

    /// <summary>
    /// Equivalent to: ip link add vethXXXXXXXX [mtu M] type veth peer name IFNAME [address MAC] netns POD — one
    /// request that creates the container end directly inside the pod, so it never appears in the node namespace.
    /// Both ends get txqueuelen 0, as the reference's veths (pkg/ip sends IFLA_TXQLEN 0): a veth does not queue (it is
    /// noqueue either way), and `ip link` then shows no "qlen 1000" on either end.
    /// </summary>
    public static VethEnds Create(RouteNetlink node, RouteNetlink pod, NetNs podNs, string ifName, MacAddress? containerMac, int? mtu)
    {
        for (var attempt = 1; ; attempt++)
        {
            var hostName = HostVethName.NewRandom();
            try
            {
                var host = node.CreateVeth(new VethSpec(hostName, ifName, podNs, mtu, Mac: null, PeerMac: containerMac, TxQueueLength: 0));
                var container = pod.GetLinkByName(ifName);
                return new VethEnds(host, container);
            }
            catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST && attempt < NameAttempts && node.TryGetLinkByName(hostName) is not null)
            {
                // Our random host name was taken; the container name was checked free before. Try another name.
            }
        }
    }

    /// <summary>
    /// Equivalent to: ip link set vethX alias k8snet/NET/ID/IF master BRIDGE; bridge link set dev vethX hairpin on|off isolated on|off;
    /// bridge vlan add dev vethX … (vlan, vlanTrunk); ip link set vethX up — with accept_ra=0 before the link comes up.
    /// </summary>
    public static void AttachHostEnd(RouteNetlink node, Link host, Link bridge, BridgeConf conf, AttachmentAlias attachment)
    {
        NodeSysctls.RejectRouterAdvertisements(host.Name);
        if (attachment.Format() is { } alias)
        {
            node.SetAlias(host.Index, alias);
        }

        node.SetMaster(host.Index, bridge.Index);
        if (conf.HairpinMode || conf.PortIsolation)
        {
            node.SetBridgePortFlags(host.Index, hairpin: conf.HairpinMode, isolated: conf.PortIsolation);
        }

        PortVlans.Apply(node, host.Index, conf.Vlan, conf.TrunkVlans, conf.PreserveDefaultVlan == true);
        node.SetUp(host.Index);
    }

    /// <summary>The container interface must not exist yet (SPEC ADD); checked before anything is allocated.</summary>
    public static void EnsureAbsent(RouteNetlink pod, string ifName, string netnsPath)
    {
        if (pod.TryGetLinkByName(ifName) is not null)
        {
            throw new CniException(CniErrorCode.AlreadyInUse, $"container veth name provided ({ifName}) already exists in {netnsPath}");
        }
    }
}
