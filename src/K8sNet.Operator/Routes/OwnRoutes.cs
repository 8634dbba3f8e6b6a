using System.Net;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

/// <summary>
/// The mark on every route `k8snet routes` makes: rtm_protocol 58, shown by `ip route` as "proto 58". A reconcile
/// changes and deletes only routes that carry it, so routes made by a person, a DHCP client or a routing daemon to
/// the same prefixes are never touched. 58 is in neither the kernel's list (linux/rtnetlink.h RTPROT_*: 0-4, 8-18,
/// 42, 99, 186-189, 192) nor iproute2's (/etc/iproute2/rt_protos), and clear of FRR's own 186-198 and of Calico's 80.
/// </summary>
public static class OwnRoutes
{
    public const byte Protocol = 58;

    /// <summary>What goes to the kernel for one wanted route: main table, the kernel's default metric.</summary>
    public static Route ToKernel(NodeRoute wanted) => new(wanted.Destination, wanted.Gateway, Protocol: Protocol);

    public static bool IsOurs(Route route) => route.Protocol == Protocol;
}

/// <summary>A route this node should have: another node's pod CIDR via that node's InternalIP of the same family.</summary>
public sealed record NodeRoute(IPNetwork Destination, IPAddress Gateway, string Node)
{
    public override string ToString() => $"{Destination} via {Gateway} (node {Node})";
}
