using System.Net;

namespace K8sNet.Bridge.Planning;

/// <summary>A route to install in the pod: destination, and the next hop (null = on-link).</summary>
public sealed record PlannedRoute(CidrAddress Destination, IPAddress? Gateway, int? Mtu, int? AdvMss, int? Priority, int? Table, int? Scope);

/// <summary>
/// What ADD will configure, computed from the IPAM result and the bridge config before any kernel call:
/// the pod's addresses and routes, and the gateway addresses the bridge must hold.
/// </summary>
public sealed record AttachmentPlan(
    IReadOnlyList<CidrAddress> PodAddresses,
    IReadOnlyList<PlannedRoute> PodRoutes,
    IReadOnlyList<CidrAddress> BridgeAddresses)
{
    public bool HasIPv4 => FirstOf(PodAddresses, ipv6: false) is not null;

    public bool HasIPv6 => FirstOf(PodAddresses, ipv6: true) is not null;

    public bool BridgeHasIPv4Gateway => FirstOf(BridgeAddresses, ipv6: false) is not null;

    public bool BridgeHasIPv6Gateway => FirstOf(BridgeAddresses, ipv6: true) is not null;

    /// <summary>The first address of a family. A loop: LINQ over a value type bloats the AOT image (issue 7).</summary>
    public static CidrAddress? FirstOf(IReadOnlyList<CidrAddress> addresses, bool ipv6)
    {
        foreach (var address in addresses)
        {
            if (address.IsIPv6 == ipv6)
            {
                return address;
            }
        }

        return null;
    }
}
