using K8sNet.Bridge.Config;
using K8sNet.Bridge.Ipam;
using K8sNet.Bridge.Kernel;
using K8sNet.Bridge.Planning;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// CHECK: proves the attachment described by prevResult is still in place — lease, bridge, container interface
/// (veth, MAC, addresses, routes), host veth on the bridge, and masquerade rules (which the reference does not
/// check). The first mismatch is reported precisely.
/// </summary>
public sealed class CheckOperation(CniInvocation invocation, BridgeConf conf, IIpamDriver? ipam, IMasqueradeBackend masquerade)
{
    public void Run()
    {
        var prev = invocation.PrevResult ?? throw new CniException(CniErrorCode.InvalidConfig, "invalid config: prevResult: required for CHECK but missing");
        ipam?.Check(invocation);
        using var podNs = PodNetns.Open(invocation.Request.NetNs);
        using var node = RouteNetlink.Open();
        using var pod = RouteNetlink.Open(podNs);
        var bridge = node.TryGetLinkByName(conf.BridgeName) ?? throw Failed($"bridge {conf.BridgeName} does not exist");
        if (bridge.Kind != "bridge")
        {
            throw Failed($"{conf.BridgeName} is a {bridge.Kind} device, not a bridge");
        }

        var container = CheckContainerInterface(pod, prev);
        CheckHostVeth(node, bridge, container, prev);
        CheckAddressesAndRoutes(pod, container, prev);
        if (conf.MacSpoofCheck && container.Mac is { } mac)
        {
            MacSpoofCheckSelector.For().Check(invocation.Request.ContainerId, invocation.Request.IfName, mac.ToString());
        }

        if (conf.IpMasq)
        {
            var addresses = (prev.Ips ?? []).ConvertAll(ip => Parse(ip.Address));
            masquerade.Check(MasqueradeTargets.For(invocation, addresses));
        }
    }

    private Link CheckContainerInterface(RouteNetlink pod, CniResult prev)
    {
        var ifName = invocation.Request.IfName;
        var expected = prev.Interfaces?.FirstOrDefault(i => i.Name == ifName && !string.IsNullOrEmpty(i.Sandbox))
            ?? throw Failed($"prevResult has no interface {ifName} with a sandbox");
        if (expected.Sandbox != invocation.Request.NetNs)
        {
            throw Failed($"interface {ifName} was created in {expected.Sandbox}, not in CNI_NETNS {invocation.Request.NetNs}");
        }

        var link = pod.TryGetLinkByName(ifName) ?? throw Failed($"container interface {ifName} does not exist in {invocation.Request.NetNs}");
        if (link.Kind != "veth")
        {
            throw Failed($"container interface {ifName} is a {link.Kind ?? "non-veth"} device, not a veth");
        }

        if (expected.Mac is not null && !string.Equals(link.Mac?.ToString(), expected.Mac, StringComparison.OrdinalIgnoreCase))
        {
            throw Failed($"container interface {ifName} has MAC {link.Mac}, prevResult says {expected.Mac}");
        }

        return link;
    }

    private static void CheckHostVeth(RouteNetlink node, Link bridge, Link container, CniResult prev)
    {
        var peer = container.PeerIndex is { } index ? node.TryGetLinkByIndex(index) : null;
        if (peer is null || peer.Kind != "veth")
        {
            throw Failed($"the host end of {container.Name} does not exist");
        }

        if (peer.MasterIndex != bridge.Index)
        {
            throw Failed($"host veth {peer.Name} is not a port of bridge {bridge.Name}");
        }

        if (prev.Interfaces?.Any(i => i.Name == peer.Name && string.IsNullOrEmpty(i.Sandbox)) == false)
        {
            throw Failed($"host veth {peer.Name} is not the one prevResult names");
        }
    }

    private static void CheckAddressesAndRoutes(RouteNetlink pod, Link container, CniResult prev)
    {
        var present = pod.ListAddresses(container.Index);
        foreach (var ip in prev.Ips ?? [])
        {
            var want = Parse(ip.Address);
            if (!present.Any(a => a.Address.Equals(want.Address) && a.PrefixLength == want.PrefixLength))
            {
                throw Failed($"container interface {container.Name} does not hold {ip.Address}");
            }
        }

        var routes = pod.ListRoutes(System.Net.Sockets.AddressFamily.InterNetwork).Concat(pod.ListRoutes(System.Net.Sockets.AddressFamily.InterNetworkV6)).ToList();
        foreach (var route in prev.Routes ?? [])
        {
            var dst = Parse(route.Dst).Network;
            var found = routes.Any(r => r.Destination.BaseAddress.Equals(dst.Address) && r.Destination.PrefixLength == dst.PrefixLength
                && (route.Gw is null || Equals(r.Gateway?.ToString(), System.Net.IPAddress.Parse(route.Gw).ToString())));
            if (!found)
            {
                throw Failed($"route to {route.Dst}{(route.Gw is null ? "" : $" via {route.Gw}")} is missing in the pod");
            }
        }
    }

    private static CidrAddress Parse(string text) =>
        CidrAddress.TryParse(text, out var cidr) ? cidr : throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: prevResult: \"{text}\" is not a CIDR");

    private static CniException Failed(string what) => new(CniErrorCode.CheckFailed, $"CHECK failed: {what}");
}
