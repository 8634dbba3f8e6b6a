using K8sNet.Masquerade;
using K8sNet.Operator.Inspection;

namespace K8sNet.Operator.Gc;

/// <summary>
/// Turns inspect's findings into removals (pure). Only what nothing alive can use is collected: leases whose netns is
/// gone (with their NAT chain), veths on the bridge that no lease accounts for, chains of an inspected network
/// whose container holds no lease, and network masquerade rules whose subnet holds no lease. A lease whose netns still exists is left to the runtime's DEL.
/// </summary>
public static class GcPlanner
{
    public static IReadOnlyList<GcAction> Plan(NodeView view)
    {
        var actions = new List<GcAction>();
        var chainsPlanned = new HashSet<(string Network, string ContainerId)>();
        var chainsByName = new HashSet<(string Family, string Name)>();
        foreach (var finding in view.Findings.Where(f => f.IsCollectable))
        {
            var network = view.Networks.First(n => n.Config.Name == finding.Network);
            switch (finding.Kind)
            {
                case FindingKind.LeaseWithoutNetns:
                    var a = network.Attachments.First(x => $"{x.ContainerId}/{x.IfName}" == finding.Subject);
                    actions.Add(new GcAction(GcActionKind.ReleaseLeases, finding.Network, finding.Subject, $"netns {a.NetNs} is gone")
                    {
                        ContainerId = a.ContainerId, IfName = a.IfName, NetNs = a.NetNs,
                    });
                    if (network.HostPortsOf(a).Count > 0)
                    {
                        actions.Add(HostPorts(finding.Network, a.ContainerId, a.IfName, $"netns {a.NetNs} is gone"));
                    }

                    if (a.Chains.Count > 0 && chainsPlanned.Add((finding.Network, a.ContainerId)))
                    {
                        actions.Add(new GcAction(GcActionKind.RemoveNatChain, finding.Network, MasqueradeNaming.ChainName(finding.Network, a.ContainerId), $"netns {a.NetNs} is gone")
                        {
                            ContainerId = a.ContainerId, IfName = a.IfName,
                        });
                    }

                    break;
                case FindingKind.HostPortWithoutLease:
                    var owner = network.HostPorts!.First(r => $"{r.ContainerId}/{r.IfName}" == finding.Subject);
                    actions.Add(HostPorts(finding.Network, owner.ContainerId, owner.IfName, "its container holds no lease"));
                    break;
                case FindingKind.VethWithoutLease:
                    var port = network.Bridge!.Ports.First(p => p.Name == finding.Subject);
                    actions.Add(new GcAction(GcActionKind.DeleteVeth, finding.Network, port.Name, $"no lease, on {network.Bridge.Link.Name}") { LinkIndex = port.Index });
                    break;
                case FindingKind.NetworkRuleWithoutPods:
                    foreach (var rule in (network.MasqueradeRules ?? []).Where(r => r.Chain == finding.Subject))
                    {
                        actions.Add(new GcAction(GcActionKind.RemoveNetworkRule, finding.Network, rule.Chain, $"no lease in {rule.Subnet}")
                        {
                            Family = rule.Family, Subnet = rule.Subnet ?? string.Empty,
                        });
                    }

                    break;
                case FindingKind.ChainWithoutLease:
                    foreach (var chain in view.Chains.Where(c => c.Name == finding.Subject && chainsByName.Add((c.Family, c.Name))))
                    {
                        actions.Add(new GcAction(GcActionKind.RemoveNatChain, finding.Network, chain.Name, "its container holds no lease")
                        {
                            ContainerId = chain.ContainerId!, Family = chain.Family,
                        });
                    }

                    break;
            }
        }

        return actions;
    }

    private static GcAction HostPorts(string network, string containerId, string ifName, string reason) =>
        new(GcActionKind.RemoveHostPorts, network, $"{containerId}/{ifName}", reason) { ContainerId = containerId, IfName = ifName };
}
