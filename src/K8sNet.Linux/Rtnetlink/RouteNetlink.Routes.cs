using System.Net.Sockets;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Routes.</summary>
public sealed partial class RouteNetlink
{
    /// <summary>Equivalent to: ip route add DST [via GW] [dev OIF] … (see <see cref="Route"/>). Exists → EEXIST.</summary>
    public void AddRoute(Route route) =>
        Execute(w => RouteRequests.Add(w, route, replace: false), "ip route add", Describe(route));

    /// <summary>Equivalent to: ip route replace DST ….</summary>
    public void ReplaceRoute(Route route) =>
        Execute(w => RouteRequests.Add(w, route, replace: true), "ip route replace", Describe(route));

    /// <summary>Equivalent to: ip route del DST [via GW] [dev OIF] [table T] [metric P]. No match → ESRCH.</summary>
    /// <param name="matchProtocol">Delete only a route of <see cref="Route.Protocol"/> (ip route del … proto P);
    /// without it the kernel takes the first match of any protocol.</param>
    public void DeleteRoute(Route route, bool matchProtocol = false) =>
        Execute(w => RouteRequests.Delete(w, route, matchProtocol), "ip route del", Describe(route));

    /// <summary>Equivalent to: ip -4|-6 route show table TABLE (all tables when null). Cache clones are left out.</summary>
    public List<Route> ListRoutes(AddressFamily family, uint? table = Rtnl.RT_TABLE_MAIN)
    {
        var routes = Dump<Route>(w => RouteRequests.Dump(w, RouteParser.FamilyOf(family)), RouteParser.TryParse, "ip route show",
            $"table {(table is null ? "all" : table.Value.ToString())} in {Namespace}");
        if (table is { } wanted)
        {
            routes.RemoveAll(r => r.Table != wanted);
        }

        return routes;
    }

    private string Describe(Route route) => route.ToString() + " in " + Namespace;
}
