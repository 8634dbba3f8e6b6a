using System.Net.Sockets;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

/// <summary>What one reconcile did: the plan, the writes that failed (with the kernel's reason), and who this node is.</summary>
/// <param name="Installed">Our routes in the kernel afterwards, with their node (for <see cref="RouteStateFile"/>).</param>
public sealed record ReconcileResult(string Self, RoutePlan Plan, IReadOnlyList<string> Errors, bool DryRun, IReadOnlyList<NodeRoute> Installed)
{
    public int Written => DryRun ? 0 : Plan.Actions.Count - Errors.Count;
}

/// <summary>
/// The kernel side of a reconcile over one rtnetlink handle (the node's namespace): read the main table's routes of
/// both families and the host's addresses, plan with <see cref="RoutePlanner"/>, then write each action. A failed
/// write is reported and the others still go; nothing but routes of <see cref="OwnRoutes.Protocol"/> is changed.
/// </summary>
public sealed class RouteReconciler(RouteNetlink netlink)
{
    public IReadOnlyList<InterfaceAddress> Addresses() => netlink.ListAddresses();

    /// <param name="notANode">This host is no Node (Kubernetes The Hard Way's control-plane host `server`): routes to
    /// every node's pod CIDRs, none left out as its own.</param>
    public ReconcileResult Reconcile(IReadOnlyList<KubeNode> nodes, string? nodeName, bool dryRun, bool notANode = false)
    {
        var addresses = netlink.ListAddresses();
        var self = notANode ? string.Empty : SelfNode.Find(nodes, nodeName, addresses);
        var present = netlink.ListRoutes(AddressFamily.InterNetwork);
        present.AddRange(netlink.ListRoutes(AddressFamily.InterNetworkV6));
        var plan = RoutePlanner.Plan(nodes, self, present, addresses);
        var errors = new List<string>();
        var installed = new List<NodeRoute>(plan.Unchanged);
        if (!dryRun)
        {
            foreach (var action in plan.Actions)
            {
                try
                {
                    Apply(action);
                    if (action.Change != RouteChange.Delete)
                    {
                        installed.Add(new NodeRoute(action.Route.Destination, action.Route.Gateway!, action.Node!));
                    }
                }
                catch (ErrnoException ex)
                {
                    errors.Add($"{action}: {ex.Message}");
                }
            }
        }

        return new ReconcileResult(self, plan, errors, dryRun, installed);
    }

    private void Apply(RouteAction action)
    {
        switch (action.Change)
        {
            case RouteChange.Add:
                netlink.AddRoute(action.Route);
                break;
            case RouteChange.Replace:
                netlink.ReplaceRoute(action.Route);
                break;
            default:
                // Only what was listed as ours: prefix, next hop, metric and our protocol must all match.
                var listed = action.Route;
                netlink.DeleteRoute(new Route(listed.Destination, listed.Gateway, Priority: listed.Priority, Protocol: OwnRoutes.Protocol), matchProtocol: true);
                break;
        }
    }
}
