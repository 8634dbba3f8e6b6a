using System.Net;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Pure reconcile logic: which of this node's routes to add, replace or delete so that every other node's pod CIDRs
/// are reached via that node's InternalIP. Only routes of <see cref="OwnRoutes.Protocol"/> are ever changed; a route
/// of anyone else to a wanted prefix wins and is reported; a next hop off every connected subnet is reported, not
/// installed; two nodes claiming one CIDR get no route at all (neither could be the right one).
/// </summary>
public static class RoutePlanner
{
    /// <param name="present">The main table's routes of both families, as listed.</param>
    /// <param name="connected">This host's addresses with their prefix (the subnets a next hop may be on).</param>
    public static RoutePlan Plan(IReadOnlyList<KubeNode> nodes, string self, IReadOnlyList<Route> present, IReadOnlyList<InterfaceAddress> connected)
    {
        var skipped = new List<RouteSkip>();
        var wanted = Wanted(nodes, self, skipped);
        var foreign = new Dictionary<IPNetwork, Route>();
        foreach (var route in present)
        {
            if (!OwnRoutes.IsOurs(route) && route.Table == Linux.Rtnetlink.Wire.Rtnl.RT_TABLE_MAIN)
            {
                foreign.TryAdd(route.Destination, route);
            }
        }

        var actions = new List<RouteAction>();
        var unchanged = new List<NodeRoute>();
        var settled = new HashSet<IPNetwork>();
        foreach (var ours in present)
        {
            if (!OwnRoutes.IsOurs(ours))
            {
                continue;
            }

            if (settled.Contains(ours.Destination) || !wanted.TryGetValue(ours.Destination, out var want))
            {
                actions.Add(new RouteAction(RouteChange.Delete, ours, null, settled.Contains(ours.Destination)
                    ? "a second route of ours to the prefix"
                    : "no node has this pod CIDR any more"));
                continue;
            }

            settled.Add(ours.Destination);
            var problem = Blocker(want, foreign, connected);
            if (problem is not null)
            {
                actions.Add(new RouteAction(RouteChange.Delete, ours, want.Node, problem));
                skipped.Add(new RouteSkip(want, $"{want}: not installed: {problem}"));
            }
            else if (Equals(ours.Gateway, want.Gateway) && ours.Table == Linux.Rtnetlink.Wire.Rtnl.RT_TABLE_MAIN)
            {
                unchanged.Add(want);
            }
            else
            {
                actions.Add(new RouteAction(RouteChange.Replace, OwnRoutes.ToKernel(want), want.Node, $"was via {ours.Gateway}"));
            }
        }

        foreach (var want in wanted.Values)
        {
            if (settled.Contains(want.Destination))
            {
                continue;
            }

            var problem = Blocker(want, foreign, connected);
            if (problem is null)
            {
                actions.Add(new RouteAction(RouteChange.Add, OwnRoutes.ToKernel(want), want.Node, "new"));
            }
            else
            {
                skipped.Add(new RouteSkip(want, $"{want}: not installed: {problem}"));
            }
        }

        return new RoutePlan(actions, unchanged, skipped);
    }

    /// <summary>Every other node's pod CIDRs with their next hop; what cannot be routed goes to <paramref name="skipped"/>.</summary>
    private static Dictionary<IPNetwork, NodeRoute> Wanted(IReadOnlyList<KubeNode> nodes, string self, List<RouteSkip> skipped)
    {
        var wanted = new Dictionary<IPNetwork, NodeRoute>();
        var claimedBy = new Dictionary<IPNetwork, string>();
        var contested = new HashSet<IPNetwork>();
        foreach (var node in nodes)
        {
            foreach (var cidr in node.PodCidrs)
            {
                if (claimedBy.TryGetValue(cidr, out var other) && other != node.Name)
                {
                    contested.Add(cidr);
                    skipped.Add(new RouteSkip(null, $"{cidr}: claimed by nodes {other} and {node.Name}: no route to it until only one has it"));
                    continue;
                }

                claimedBy[cidr] = node.Name;
                if (node.Name == self)
                {
                    continue; // this node's own pods are on its bridge
                }

                if (node.InternalIpFor(cidr) is { } gateway)
                {
                    wanted[cidr] = new NodeRoute(cidr, gateway, node.Name);
                }
                else
                {
                    skipped.Add(new RouteSkip(null, $"{cidr} (node {node.Name}): not installed: the node has no InternalIP of the CIDR's family " +
                        $"({(node.InternalIps.Count == 0 ? "none reported" : string.Join(", ", node.InternalIps))})"));
                }
            }
        }

        foreach (var cidr in contested)
        {
            wanted.Remove(cidr);
        }

        return wanted;
    }

    /// <summary>Why a wanted route cannot be installed (null when it can).</summary>
    private static string? Blocker(NodeRoute want, Dictionary<IPNetwork, Route> foreign, IReadOnlyList<InterfaceAddress> connected)
    {
        if (foreign.TryGetValue(want.Destination, out var theirs))
        {
            return $"a route of someone else is there ({Describe(theirs)}); left alone";
        }

        return NextHop.Check(want.Gateway, connected);
    }

    internal static string Describe(Route route) =>
        $"{route.Destination}{(route.Gateway is null ? string.Empty : $" via {route.Gateway}")} proto {ProtocolName(route.Protocol)}";

    private static string ProtocolName(byte protocol) => protocol switch
    {
        2 => "kernel",
        3 => "boot",
        4 => "static",
        16 => "dhcp",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
