using System.Net.Sockets;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

/// <summary>One of our routes as inspect shows it: the kernel's route, its device, and the node it leads to.</summary>
/// <param name="Node">From the record of the last reconcile; null when the route is not in it (made by another run).</param>
public sealed record NodeRouteRow(Route Route, string? Device, string? Node);

/// <summary>Reads this netns's routes of <see cref="OwnRoutes.Protocol"/> and names each one's node from <see cref="RouteStateFile"/>.</summary>
public static class NodeRouteInspector
{
    public static IReadOnlyList<NodeRouteRow> Read(RouteNetlink netlink, string stateFile)
    {
        var recorded = RouteStateFile.Read(stateFile);
        var routes = netlink.ListRoutes(AddressFamily.InterNetwork);
        routes.AddRange(netlink.ListRoutes(AddressFamily.InterNetworkV6));
        var rows = new List<NodeRouteRow>();
        foreach (var route in routes)
        {
            if (OwnRoutes.IsOurs(route))
            {
                var device = route.OutputIndex is { } index ? netlink.TryGetLinkByIndex(index)?.Name : null;
                rows.Add(new NodeRouteRow(route, device, NodeOf(route, recorded)));
            }
        }

        return rows;
    }

    internal static string? NodeOf(Route route, IReadOnlyList<NodeRoute> recorded)
    {
        foreach (var entry in recorded)
        {
            if (entry.Destination.Equals(route.Destination) && entry.Gateway.Equals(route.Gateway))
            {
                return entry.Node;
            }
        }

        return null;
    }
}
