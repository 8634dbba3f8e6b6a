using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade;
using K8sNet.Operator.Config;
using K8sNet.Operator.Leases;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Gc;

/// <summary>
/// Carries out a gc plan in the current (node) netns. Each action re-checks its premise just before it acts (the netns
/// is still gone, the ifindex still has the same name), continues past failures and reports each one, like CNI GC.
/// </summary>
public sealed class GcExecutor(IMasqueradeBackend masquerade, NatChainRemover chains, SubnetRuleRemover? networkRules = null)
{
    public IReadOnlyList<string> Execute(IReadOnlyList<GcAction> actions, IReadOnlyList<K8sNetNetwork> networks, Action<string> done)
    {
        var errors = new List<string>();
        foreach (var action in actions)
        {
            try
            {
                var network = networks.First(n => n.Name == action.Network);
                if (Run(action, network) is { } outcome)
                {
                    done(outcome);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ErrnoException or MasqueradeException or Cni.CniException)
            {
                errors.Add($"{action.Describe()}: {ex.Message}");
            }
        }

        return errors;
    }

    private string? Run(GcAction action, K8sNetNetwork network)
    {
        switch (action.Kind)
        {
            case GcActionKind.ReleaseLeases:
                if (action.NetNs.Length == 0 || Path.Exists(action.NetNs))
                {
                    return $"kept leases of {action.Subject}: netns {action.NetNs} exists again";
                }

                var freed = LeaseReader.Release(network, action.ContainerId, action.IfName);
                return $"released {string.Join(", ", freed)} of {action.Subject}";
            case GcActionKind.DeleteVeth:
                using (var node = RouteNetlink.Open())
                {
                    var link = node.ListLinks().FirstOrDefault(l => l.Index == action.LinkIndex);
                    if (link?.Name != action.Subject)
                    {
                        return $"veth {action.Subject} is already gone";
                    }

                    node.DeleteLink(action.LinkIndex);
                }

                return $"deleted veth {action.Subject}";
            case GcActionKind.RemoveHostPorts:
                return RemoveHostPorts(action);
            case GcActionKind.RemoveNetworkRule:
                return (networkRules ?? new SubnetRuleRemover()).Remove(network, action);
            default:
                if (action.Family.Length > 0)
                {
                    chains.Remove(action.Family, action.Subject);
                    return $"removed {action.Family} NAT chain {action.Subject}";
                }

                masquerade.Teardown(new MasqueradeTarget(network.Name, action.ContainerId, action.IfName));
                return $"removed NAT chain {action.Subject}";
        }
    }

    /// <summary>The attachment's rules in table ip/ip6 k8snet-hostports (one transaction), as portmap's DEL removes them.</summary>
    private static string RemoveHostPorts(GcAction action)
    {
        var key = new Portmap.Attachment(action.Network, action.ContainerId, action.IfName).Key;
        using var socket = Linux.Netlink.NetlinkSocket.Open(Linux.Netlink.Wire.NetlinkConstants.NETLINK_NETFILTER);
        var removed = new Portmap.Nft.NftHostportBackend(socket).Remove(key, Portmap.PortmapPlugin.ResetRouteLocalnet);
        return removed.Count == 0 ? $"hostPorts of {action.Subject} are already gone" : $"removed {removed.Count} hostPort rule(s) of {action.Subject}";
    }
}
