using System.Net;
using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Bridge.Planning;

/// <summary>
/// The reference bridge's <c>calcGateways</c>, pure: points every IP at the container interface (index 2), fills a
/// missing gateway with network+1 when the bridge is a gateway, adds default routes for isDefaultGateway, and works out
/// the pod routes' next hops and the bridge's own addresses.
/// </summary>
public static class GatewayPlanner
{
    public const int ContainerInterfaceIndex = 2;

    private static readonly CidrAddress DefaultV4 = new(IPAddress.Any, 0);
    private static readonly CidrAddress DefaultV6 = new(IPAddress.IPv6Any, 0);

    /// <summary>Completes the IPAM result in place and returns the plan for the kernel steps.</summary>
    public static AttachmentPlan Plan(CniResult result, BridgeConf conf)
    {
        result.Ips ??= [];
        result.Routes ??= [];
        var podAddresses = new List<CidrAddress>();
        var bridgeAddresses = new List<CidrAddress>();
        foreach (var ip in result.Ips)
        {
            var address = ParseAddress(ip.Address);
            ip.Interface = ContainerInterfaceIndex;
            if (ip.Gateway is null && conf.PutsGatewayOnBridge)
            {
                ip.Gateway = address.FirstHost.ToString();
            }

            podAddresses.Add(address);
            if (ip.Gateway is not null && conf.PutsGatewayOnBridge)
            {
                var gateway = ParseGateway(ip.Gateway);
                var onBridge = new CidrAddress(gateway, address.PrefixLength);
                if (!bridgeAddresses.Contains(onBridge))
                {
                    bridgeAddresses.Add(onBridge);
                }
            }

            if (conf.IsDefaultGateway && ip.Gateway is not null)
            {
                AddDefaultRouteUnlessPresent(result.Routes, address.IsIPv6 ? DefaultV6 : DefaultV4, ip.Gateway);
            }
        }

        var routes = result.Routes.ConvertAll(r => PlanRoute(r, result.Ips));
        return new AttachmentPlan(podAddresses, routes, bridgeAddresses);
    }

    private static void AddDefaultRouteUnlessPresent(List<CniRoute> routes, CidrAddress defaultNet, string gateway)
    {
        var present = routes.Exists(r => r.Gw is not null && CidrAddress.TryParse(r.Dst, out var dst) && dst == defaultNet);
        if (!present)
        {
            routes.Add(new CniRoute { Dst = defaultNet.ToString(), Gw = gateway });
        }
    }

    /// <summary>A route without gw goes via the first gateway of its family (pkg/ipam ConfigureIface).</summary>
    private static PlannedRoute PlanRoute(CniRoute route, List<CniIpConfig> ips)
    {
        if (!CidrAddress.TryParse(route.Dst, out var dst))
        {
            throw CniException.InvalidConfig("routes", $"dst \"{route.Dst}\" is not a CIDR");
        }

        IPAddress? gateway = null;
        if (route.Gw is not null)
        {
            gateway = ParseGateway(route.Gw);
        }
        else
        {
            var sameFamily = ips.Find(ip => ip.Gateway is not null && ParseGateway(ip.Gateway).AddressFamily == dst.Address.AddressFamily);
            gateway = sameFamily is null ? null : ParseGateway(sameFamily.Gateway!);
        }

        return new PlannedRoute(dst.Network, gateway, route.Mtu, route.AdvMss, route.Priority, route.Table, route.Scope);
    }

    private static CidrAddress ParseAddress(string text) =>
        CidrAddress.TryParse(text, out var network)
            ? network
            : throw new CniException(CniErrorCode.InvalidConfig, $"IPAM returned an invalid address \"{text}\"");

    private static IPAddress ParseGateway(string text) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw new CniException(CniErrorCode.InvalidConfig, $"invalid gateway \"{text}\"");
}
