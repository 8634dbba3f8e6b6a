using K8sNet.Bridge.Config;
using K8sNet.Bridge.Kernel;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// The ADD result as the reference writes it: interfaces [bridge, host veth, container interface with sandbox] (the
/// container interface is index 2, which every ip points at; a VLAN gateway interface is appended as 3), the IPAM
/// addresses and routes, and dns.
/// </summary>
public static class ResultBuilder
{
    public static CniResult Build(CniResult ipamResult, Link bridge, VethEnds ends, RouteNetlink node, CniInvocation invocation, BridgeConf conf, Link? vlanGateway = null)
    {
        // The bridge is re-read: taking its first port changes its MAC unless one was pinned. The veth ends are as
        // created: their MACs and MTUs were given in the create request (or chosen by the kernel then), and no later
        // step changes them, so reading them again would be two more netlink round trips per ADD.
        var bridgeNow = node.GetLinkByIndex(bridge.Index);
        var hostNow = ends.Host;
        var containerNow = ends.Container;
        List<CniInterface> interfaces =
        [
            new CniInterface { Name = bridgeNow.Name, Mac = bridgeNow.Mac?.ToString(), Mtu = bridgeNow.Mtu },
            new CniInterface { Name = hostNow.Name, Mac = hostNow.Mac?.ToString(), Mtu = hostNow.Mtu },
            new CniInterface { Name = containerNow.Name, Mac = containerNow.Mac?.ToString(), Mtu = containerNow.Mtu, Sandbox = invocation.Request.NetNs },
        ];
        if (vlanGateway is not null)
        {
            interfaces.Add(new CniInterface { Name = vlanGateway.Name, Mac = vlanGateway.Mac?.ToString(), Mtu = vlanGateway.Mtu });
        }

        return new CniResult
        {
            Interfaces = interfaces,
            Ips = ipamResult.Ips ?? [],
            Routes = ipamResult.Routes ?? [],
            Dns = invocation.Config.Dns is { IsEmpty: false } configured ? configured : ipamResult.Dns ?? new CniDns(),
        };
    }
}
