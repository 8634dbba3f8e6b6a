using System.Net.Sockets;
using K8sNet.Bridge.Config;
using K8sNet.Bridge.Planning;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

/// <summary>The node's bridge: created on first use, shared by every pod of the network, never removed by DEL.</summary>
public static class BridgeDevice
{
    /// <summary>
    /// Equivalent to: ip link add NAME type bridge; ip link set NAME up. A concurrent ADD that created it first is
    /// fine (EEXIST); an existing link of that name that is not a bridge is an error.
    /// </summary>
    public static Link Ensure(RouteNetlink node, BridgeConf conf)
    {
        var name = conf.BridgeName;
        var link = node.TryGetLinkByName(name);
        if (link is null)
        {
            link = Create(node, conf);
        }

        if (link.Kind != "bridge")
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: bridge: \"{name}\" already exists but is a {link.Kind ?? "non-bridge"} device");
        }

        if (conf.PromiscMode && !link.IsPromiscuous)
        {
            node.SetPromiscuous(link.Index, true);
        }

        if (conf.VlanFiltering && link.BridgeVlanFiltering != true)
        {
            try
            {
                node.SetBridgeVlanFiltering(link.Index, true);
            }
            catch (ErrnoException ex) when (ex.Errno == Errno.EOPNOTSUPP)
            {
                throw NoVlanFiltering(name, ex);
            }
        }

        if (!link.IsUp)
        {
            node.SetUp(link.Index);
        }

        return link;
    }

    private static Link Create(RouteNetlink node, BridgeConf conf)
    {
        try
        {
            // The address is given at creation, which pins it (otherwise the bridge takes the lowest MAC of its ports
            // and changes whenever pods come and go, breaking the neighbours' ARP entries for the gateway) and also
            // makes it the bridge id. Pinning it afterwards by setting the address the kernel chose (what we did
            // before) leaves the bridge id 0 for good: the kernel then never turns the bridge's carrier off and on
            // from its ports' states, so no carrier event ever reaches linkwatch and operstate stays UNKNOWN.
            var created = node.CreateBridge(conf.BridgeName, conf.Mtu, conf.VlanFiltering ? true : null, MacAddress.NewRandomLocal());
            NodeSysctls.RejectRouterAdvertisements(conf.BridgeName);
            node.SetUp(created.Index);
            return node.GetLinkByIndex(created.Index);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST)
        {
            return node.GetLinkByName(conf.BridgeName);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.EOPNOTSUPP && conf.VlanFiltering)
        {
            throw NoVlanFiltering(conf.BridgeName, ex);
        }
    }

    /// <summary>CONFIG_BRIDGE_VLAN_FILTERING=n: say which options need it rather than only the kernel's errno.</summary>
    private static CniException NoVlanFiltering(string bridge, ErrnoException ex) =>
        new(CniErrorCode.KernelFailure, $"bridge {bridge}: vlan and vlanTrunk need bridge VLAN filtering, which this kernel does not support (CONFIG_BRIDGE_VLAN_FILTERING): {ex.Message}", inner: ex);

    /// <summary>
    /// Puts the gateway address(es) on the bridge. Same address already there: nothing to do. Another IPv4 address:
    /// an error (the bridge serves another subnet) unless forceAddress, which replaces it. IPv6 conflicts only when
    /// the prefixes overlap.
    /// </summary>
    public static void EnsureGatewayAddresses(RouteNetlink node, Link bridge, IReadOnlyList<CidrAddress> gateways, bool forceAddress)
    {
        if (gateways.Count == 0)
        {
            return;
        }

        // Per family: an IPv4 dump holds only the node's few IPv4 addresses, while an unfiltered one would also carry
        // every host veth's IPv6 link-local address and grow with the pods on the node.
        foreach (var gateway in gateways)
        {
            var existing = node.ListAddresses(bridge.Index, gateway.Address.AddressFamily);
            if (existing.Exists(a => a.Address.Equals(gateway.Address) && a.PrefixLength == gateway.PrefixLength))
            {
                continue;
            }

            foreach (var conflict in existing.FindAll(a => Conflicts(a, gateway)))
            {
                if (!forceAddress)
                {
                    throw new CniException(
                        CniErrorCode.InvalidConfig,
                        $"failed to set bridge addr: \"{bridge.Name}\" already has an IP address different from {gateway} ({conflict.Address}/{conflict.PrefixLength}); set forceAddress to replace it");
                }

                node.DeleteAddress(bridge.Index, conflict.Address, conflict.PrefixLength);
            }

            try
            {
                node.AddAddress(bridge.Index, gateway.Address, gateway.PrefixLength, noDad: gateway.IsIPv6);
            }
            catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST)
            {
                // A concurrent ADD of another pod put it there first (containernetworking/plugins#366).
            }
        }
    }

    private static bool Conflicts(InterfaceAddress present, CidrAddress wanted)
    {
        if (present.Address.AddressFamily != wanted.Address.AddressFamily)
        {
            return false;
        }

        if (wanted.Address.AddressFamily == AddressFamily.InterNetwork)
        {
            return true;
        }

        if (present.Address.IsIPv6LinkLocal)
        {
            return false;
        }

        var shorter = Math.Min(present.PrefixLength, wanted.PrefixLength);
        return new CidrAddress(present.Address, shorter).NetworkAddress.Equals(new CidrAddress(wanted.Address, shorter).NetworkAddress);
    }
}
