using System.Net;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Whether a next hop is on a directly connected subnet: inside the prefix of one of this host's addresses (other
/// than a host-scope one such as 127.0.0.1) and not that address itself. The kernel would refuse anything else with
/// ENETUNREACH; saying which address and which subnets is clearer.
/// </summary>
public static class NextHop
{
    /// <summary>Null when reachable, else the reason.</summary>
    public static string? Check(IPAddress gateway, IReadOnlyList<InterfaceAddress> connected)
    {
        var subnets = new List<string>();
        foreach (var address in connected)
        {
            if (address.Address.AddressFamily != gateway.AddressFamily || address.Scope == Rtnl.RT_SCOPE_HOST)
            {
                continue;
            }

            if (address.Address.Equals(gateway))
            {
                return $"next hop {gateway} is an address of this host";
            }

            var subnet = new IPNetwork(StrictIp.Mask(address.Address, address.PrefixLength), address.PrefixLength);
            if (address.PrefixLength < (gateway.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                && subnet.Contains(gateway))
            {
                return null;
            }

            subnets.Add(subnet.ToString());
        }

        return $"next hop {gateway} is not on a directly connected subnet of this host " +
            $"({(subnets.Count == 0 ? "it has none of that family" : string.Join(", ", subnets))})";
    }
}
