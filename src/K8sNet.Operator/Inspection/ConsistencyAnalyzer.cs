using K8sNet.Bridge.Kernel;
using K8sNet.Masquerade;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Inspection;

/// <summary>
/// Compares leases, links and chains of a node (pure): a lease must have its netns, pod interface and a veth on the
/// bridge; a veth on the bridge must belong to a lease; a pod chain of a network must belong to a container with a
/// lease there. Chains of networks not inspected are left alone: they are not ours to judge.
/// </summary>
public static class ConsistencyAnalyzer
{
    /// <param name="chainsKnown">False when the per-pod chains could not be listed: then no pod is called unmasqueraded.</param>
    public static IReadOnlyList<Finding> Analyze(IReadOnlyList<NetworkView> networks, IReadOnlyList<NatChain> chains, bool chainsKnown = true)
    {
        var findings = new List<Finding>();
        foreach (var network in networks)
        {
            var name = network.Config.Name;
            if (network.Bridge is null && network.Attachments.Count > 0)
            {
                findings.Add(new Finding(FindingKind.BridgeMissing, name, network.Config.Bridge, $"bridge {network.Config.Bridge} does not exist but {network.Attachments.Count} attachment(s) hold leases"));
            }

            findings.AddRange(network.Attachments.SelectMany(a => AttachmentFindings(a, network.Bridge)));
            findings.AddRange(OrphanVeths(network));
            findings.AddRange(OrphanChains(network, chains));
            findings.AddRange(MasqueradeFindings(network, chainsKnown));
            findings.AddRange(OrphanHostPorts(network));
        }

        return findings;
    }

    private static IEnumerable<Finding> AttachmentFindings(Attachment a, BridgeView? bridge)
    {
        var subject = $"{a.ContainerId}/{a.IfName}";
        var ips = string.Join(", ", a.Leases.Select(l => l.Ip));
        if (a.NetNs.Length == 0)
        {
            yield return new Finding(FindingKind.LeaseWithUnknownNetns, a.Network, subject, $"lease {ips} records no netns (written by another plugin?); cannot tell whether the pod is alive");
        }
        else if (!a.NetNsExists)
        {
            yield return new Finding(FindingKind.LeaseWithoutNetns, a.Network, subject, $"lease {ips} without a veth: netns {a.NetNs} is gone (pod removed without DEL)");
        }
        else if (a.Pod is null)
        {
            yield return new Finding(FindingKind.LeaseWithoutInterface, a.Network, subject, $"lease {ips} but netns {a.NetNs} has no interface {a.IfName} (ADD interrupted, or DEL half done)");
        }
        else if (a.HostVeth is null || bridge is null || a.HostVeth.MasterIndex != bridge.Link.Index)
        {
            var where = a.HostVeth is null ? $"its peer (ifindex {a.Pod.PeerIndex}) is not in this netns (run inspect inside the node netns)" : $"its peer {a.HostVeth.Name} is not a port of the bridge";
            yield return new Finding(FindingKind.LeaseWithoutVeth, a.Network, subject, $"lease {ips}: {where}");
        }
    }

    private static IEnumerable<Finding> OrphanVeths(NetworkView network)
    {
        if (network.Bridge is null)
        {
            yield break;
        }

        // A veth is accounted for when a lease's pod end pairs with it, or when its alias names an attachment that
        // holds a lease (the pod netns may be unreadable, or the veth awaits the kernel's cleanup of a dying netns).
        var owned = new HashSet<int>();
        foreach (var a in network.Attachments)
        {
            if (a.HostVeth is { } veth)
            {
                owned.Add(veth.Index);
            }
        }

        var leased = network.Attachments.Select(a => $"{AttachmentAlias.Prefix}{a.Network}/{a.ContainerId}/{a.IfName}").ToHashSet(StringComparer.Ordinal);
        foreach (var port in network.Bridge.Ports.Where(p => p.Kind == "veth" && !owned.Contains(p.Index) && !leased.Contains(p.Alias ?? string.Empty)))
        {
            var owner = AttachmentAlias.TryParse(port.Alias, out var alias) ? $" (alias: {alias.ContainerId}/{alias.IfName} of network {alias.Network})" : string.Empty;
            yield return new Finding(FindingKind.VethWithoutLease, network.Config.Name, port.Name, $"veth {port.Name} (ifindex {port.Index}) on {network.Bridge.Link.Name} has no lease{owner}");
        }
    }

    /// <summary>
    /// The nftables backend's rules against the leases: a rule whose subnet holds no lease is left over (the last
    /// pod's DEL removes it, so a crash, a hand-removed lease or a changed subnet left it); a pod of a masquerading
    /// network that no rule and no per-pod chain covers sends with its own address. Skipped when nf_tables was unreadable.
    /// </summary>
    private static IEnumerable<Finding> MasqueradeFindings(NetworkView network, bool chainsKnown)
    {
        if (network.MasqueradeRules is not { } rules)
        {
            yield break;
        }

        var name = network.Config.Name;
        foreach (var rule in rules.Where(r => network.CoveredBy(r).Count == 0))
        {
            yield return new Finding(FindingKind.NetworkRuleWithoutPods, name, rule.Chain, $"{rule.Family} {SubnetRule.Table} masquerade rule {rule.Chain} for {rule.Subnet} covers no pod ({rule.Packets} pkts {rule.Bytes} bytes so far)");
        }

        if (!network.Config.IpMasq || !chainsKnown)
        {
            yield break;
        }

        foreach (var a in network.Attachments.Where(a => a.Chains.Count == 0))
        {
            foreach (var lease in a.Leases.Where(l => network.RuleFor(l) is null))
            {
                yield return new Finding(FindingKind.PodWithoutMasquerade, name, $"{a.ContainerId}/{a.IfName}", $"ipMasq is on but no rule masquerades {lease.Ip}: no network rule covers it and it has no per-pod chain (the next ADD of a pod in that subnet writes the rule again)");
            }
        }
    }

    /// <summary>
    /// hostPorts of a (container, ifname) with no lease. The rules were read before the leases and portmap's ADD runs
    /// after the bridge's (its DEL before), so a live pod's lease is always in view.
    /// </summary>
    private static IEnumerable<Finding> OrphanHostPorts(NetworkView network)
    {
        var owners = network.Attachments.Select(a => $"{a.ContainerId}/{a.IfName}").ToHashSet(StringComparer.Ordinal);
        foreach (var group in (network.HostPorts ?? []).GroupBy(r => r.Key))
        {
            var rule = group.First();
            if (!owners.Contains($"{rule.ContainerId}/{rule.IfName}"))
            {
                yield return new Finding(FindingKind.HostPortWithoutLease, network.Config.Name, $"{rule.ContainerId}/{rule.IfName}",
                    $"hostPort(s) {string.Join(", ", group.Select(r => r.Mapping))} of a container that holds no lease");
            }
        }
    }

    private static IEnumerable<Finding> OrphanChains(NetworkView network, IReadOnlyList<NatChain> chains)
    {
        var name = network.Config.Name;
        var leased = network.Attachments.Select(a => MasqueradeNaming.ChainName(name, a.ContainerId)).ToHashSet(StringComparer.Ordinal);
        foreach (var chain in chains.Where(c => c.Network == name && !leased.Contains(c.Name)))
        {
            yield return new Finding(FindingKind.ChainWithoutLease, name, chain.Name, $"{chain.Family} NAT chain {chain.Name} of container {chain.ContainerId} has no lease");
        }
    }
}
