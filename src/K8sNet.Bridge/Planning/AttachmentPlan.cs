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
    public bool HasIPv4 => PodAddresses.Any(a => !a.IsIPv6);

    public bool HasIPv6 => PodAddresses.Any(a => a.IsIPv6);

    public bool BridgeHasIPv4Gateway => BridgeAddresses.Any(a => !a.IsIPv6);

    public bool BridgeHasIPv6Gateway => BridgeAddresses.Any(a => a.IsIPv6);
}
