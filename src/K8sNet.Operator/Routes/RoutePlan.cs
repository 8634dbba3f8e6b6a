using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

public enum RouteChange
{
    /// <summary>ip route add: nothing of ours to that prefix yet.</summary>
    Add,

    /// <summary>ip route replace: our route to the prefix has another next hop (the node's IP changed).</summary>
    Replace,

    /// <summary>ip route del: ours, and no node wants it any more (the node left, its CIDR changed).</summary>
    Delete,
}

/// <summary>One kernel write of a reconcile. <paramref name="Node"/> is the owner (null for a stale route's delete).</summary>
public sealed record RouteAction(RouteChange Change, Route Route, string? Node, string Reason)
{
    public override string ToString() => Change switch
    {
        RouteChange.Add => $"add {Route.Destination} via {Route.Gateway} (node {Node})",
        RouteChange.Replace => $"replace {Route.Destination} via {Route.Gateway} (node {Node}): {Reason}",
        _ => $"delete {Route.Destination} via {Route.Gateway}: {Reason}",
    };
}

/// <summary>A wanted route that is not installed, and why: someone else's route is there, the next hop is not reachable…</summary>
public sealed record RouteSkip(NodeRoute? Wanted, string Message)
{
    public override string ToString() => Message;
}

/// <summary>
/// The outcome of comparing the wanted routes with the kernel's: the writes to make, the routes already right, and
/// what is reported instead of installed. An empty <see cref="Actions"/> means a reconcile writes nothing.
/// </summary>
public sealed record RoutePlan(IReadOnlyList<RouteAction> Actions, IReadOnlyList<NodeRoute> Unchanged, IReadOnlyList<RouteSkip> Skipped);
