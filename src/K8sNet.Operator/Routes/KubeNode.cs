using System.Net;

namespace K8sNet.Operator.Routes;

/// <summary>
/// What route-making needs of a Kubernetes Node object: its name, its <c>status.addresses</c> of type InternalIP
/// and its pod CIDRs (<c>spec.podCIDRs</c>, or the older single <c>spec.podCIDR</c>). Every value is already
/// validated: CIDRs are networks (no host bits), addresses are plain IPv4/IPv6 addresses.
/// </summary>
public sealed record KubeNode(string Name, IReadOnlyList<IPAddress> InternalIps, IReadOnlyList<IPNetwork> PodCidrs)
{
    /// <summary>The first InternalIP of the CIDR's family: the next hop for the routes to that CIDR.</summary>
    public IPAddress? InternalIpFor(IPNetwork cidr)
    {
        foreach (var ip in InternalIps)
        {
            if (ip.AddressFamily == cidr.BaseAddress.AddressFamily)
            {
                return ip;
            }
        }

        return null;
    }
}

/// <summary>
/// A field of a Node object that cannot be used (missing name, a CIDR that is not a network, an address that is not
/// an address). A node with a problem makes no route: `routes sync` refuses the whole list, `k8snet-agent routes` keeps the
/// node's last good version.
/// </summary>
public sealed record NodeProblem(string Node, string Field, string Message)
{
    public override string ToString() => $"node {Node}: {Field}: {Message}";
}

/// <summary>A node list that is not a NodeList at all (not JSON, no items array); nothing is done with it.</summary>
public sealed class NodeListException(string message) : Exception(message);
