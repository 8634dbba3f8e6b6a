using System.Net;
using K8sNet.Bridge.Config;
using K8sNet.Bridge.Planning;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

/// <summary>Configures the container interface inside the pod: sysctls, addresses, link up, routes.</summary>
public static class PodConfigurator
{
    /// <summary>
    /// arp_notify=1 makes the kernel send a gratuitous ARP when the link comes up, so neighbours learn a reused IP's
    /// new MAC at once; it is set over the pod's netlink socket. IPv6: kept on, DAD off unless enabledad (DAD made
    /// pods wait seconds, plugins#680), addresses kept on link-down. Those have no netlink form and /proc/sys/net
    /// belongs to the opener's netns, so only pods with IPv6 pay for a thread inside the pod.
    /// </summary>
    public static void ApplySysctls(RouteNetlink pod, NetNs podNs, Link container, AttachmentPlan plan, BridgeConf conf)
    {
        pod.SetArpNotify(container.Index, true);
        if (!plan.HasIPv6)
        {
            return;
        }

        var ifName = container.Name;
        NetNsRunner.Run(podNs, () =>
        {
            Sysctl.TryWrite("net.ipv6.conf.lo.disable_ipv6", "0");
            Sysctl.TryWrite($"net.ipv6.conf.{ifName}.disable_ipv6", "0");
            Sysctl.TryWrite($"net.ipv6.conf.{ifName}.keep_addr_on_down", "1");
            Sysctl.TryWrite($"net.ipv6.conf.{ifName}.accept_dad", conf.EnableDad ? "1" : "0");
            if (conf.EnableDad)
            {
                Sysctl.TryWrite($"net.ipv6.conf.{ifName}.enhanced_dad", "1");
            }
        });
    }

    /// <summary>Equivalent to: ip addr add A/P dev IF; ip link set IF up; ip route add DST via GW dev IF.</summary>
    public static void AddressAndRoute(RouteNetlink pod, Link container, AttachmentPlan plan, BridgeConf conf)
    {
        foreach (var address in plan.PodAddresses)
        {
            pod.AddAddress(container.Index, address.Address, address.PrefixLength, noDad: address.IsIPv6 && !conf.EnableDad);
        }

        if (!conf.DisableContainerInterface)
        {
            pod.SetUp(container.Index);
        }

        foreach (var route in plan.PodRoutes)
        {
            pod.AddRoute(ToKernelRoute(route, container.Index));
        }
    }

    public static Route ToKernelRoute(PlannedRoute route, int outputIndex) => new(
        new IPNetwork(route.Destination.NetworkAddress, route.Destination.PrefixLength),
        route.Gateway,
        outputIndex,
        Scope: route.Scope is { } scope ? (byte)scope : null,
        Table: route.Table is { } table ? (uint)table : Linux.Rtnetlink.Wire.Rtnl.RT_TABLE_MAIN,
        Priority: route.Priority is { } p ? (uint)p : null,
        Mtu: route.Mtu is { } m ? (uint)m : null,
        AdvMss: route.AdvMss is { } a ? (uint)a : null);
}
