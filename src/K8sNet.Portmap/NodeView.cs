using System.Net;
using System.Net.Sockets;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Portmap;

/// <summary>What the plugin asks the node's routing side: its own addresses, the interface a pod is reached by, route_localnet.</summary>
public sealed class NodeView(RouteNetlink route)
{
    /// <summary>Every address of the node netns of <paramref name="family"/>, loopback included (ip addr show).</summary>
    public IReadOnlyCollection<IPAddress> LocalAddresses(AddressFamily family)
    {
        var set = new HashSet<IPAddress>();
        foreach (var a in route.ListAddresses(family: family))
        {
            set.Add(a.Address);
        }

        return set;
    }

    /// <summary>
    /// The interface of the most specific main-table route to <paramref name="pod"/> (the bridge), as the reference's
    /// RouteGet finds it; null when no route names one.
    /// </summary>
    public string? InterfaceTowards(IPAddress pod)
    {
        Route? best = null;
        foreach (var r in route.ListRoutes(pod.AddressFamily))
        {
            if (r.OutputIndex is not null && r.Destination.Contains(pod) && (best is null || r.Destination.PrefixLength > best.Destination.PrefixLength))
            {
                best = r;
            }
        }

        return best?.OutputIndex is { } index ? route.TryGetLinkByIndex(index)?.Name : null;
    }

    public static string RouteLocalnetKey(string ifName) => $"net/ipv4/conf/{ifName}/route_localnet";

    /// <summary>Sets route_localnet on <paramref name="ifName"/>; false when the interface is gone.</summary>
    public static bool SetRouteLocalnet(string ifName, bool on)
    {
        try
        {
            Sysctl.Write(RouteLocalnetKey(ifName), on ? "1" : "0");
            return true;
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOENT && !on)
        {
            return false;
        }
    }

    public static bool RouteLocalnetOn(string ifName)
    {
        try
        {
            return Sysctl.Read(RouteLocalnetKey(ifName)) == "1";
        }
        catch (ErrnoException)
        {
            return false;
        }
    }
}
