using System.Text;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Rendering;

/// <summary>
/// inspect's default output: per network the bridge, then one block per attachment in the order an operator follows
/// a packet (pod interface → host veth → bridge → NAT: per-pod chains, or the network's shared masquerade rule with its
/// counters and the pods it covers), then the findings.
/// </summary>
public static class TableRenderer
{
    public static string Render(NodeView view)
    {
        var text = new StringBuilder();
        foreach (var network in view.Networks)
        {
            RenderNetwork(text, network, view.TakenUtc);
        }

        if (view.Networks.Count == 0)
        {
            text.Append("no K8sNet network config found\n");
        }

        text.Append(view.Findings.Count == 0 ? "\nconsistent: every lease has its veth, every veth and chain its lease\n" : $"\n{view.Findings.Count} finding(s):\n");
        foreach (var finding in view.Findings)
        {
            text.Append($"  ! {finding.Kind} [{finding.Network}] {finding.Subject}: {finding.Message}{(finding.IsCollectable ? " (gc removes it)" : string.Empty)}\n");
        }

        foreach (var note in view.Notes)
        {
            text.Append($"  note: {note}\n");
        }

        return text.ToString();
    }

    private static void RenderNetwork(StringBuilder text, NetworkView network, DateTime now)
    {
        var config = network.Config;
        text.Append($"network {config.Name}  config {config.ConfigPath}  leases {config.NetworkDir}  ipMasq {(config.IpMasq ? "on" : "off")}\n");
        if (network.Bridge is { } bridge)
        {
            var link = bridge.Link;
            text.Append($"bridge {link.Name}  ifindex {link.Index}  mac {link.Mac}  mtu {link.Mtu}  {(link.Up ? "up" : "DOWN")}  addresses {Join(bridge.Addresses)}\n");
            text.Append($"  ports: {(bridge.Ports.Count == 0 ? "(none)" : string.Join(", ", bridge.Ports.Select(p => $"{p.Name} ({p.Index}{(p.Hairpin ? ", hairpin" : string.Empty)})")))}\n");
        }
        else
        {
            text.Append($"bridge {config.Bridge}: does not exist in this netns\n");
        }

        RenderMasqueradeRules(text, network);
        text.Append($"{network.Attachments.Count} attachment(s)\n");
        foreach (var a in network.Attachments)
        {
            RenderAttachment(text, network, a, now);
        }

        text.Append('\n');
    }

    /// <summary>The nftables backend's rules: one per subnet, its counters, and the pods whose traffic it masquerades.</summary>
    private static void RenderMasqueradeRules(StringBuilder text, NetworkView network)
    {
        if (network.MasqueradeRules is not { Count: > 0 } rules)
        {
            return;
        }

        foreach (var rule in rules)
        {
            var covered = network.CoveredBy(rule);
            text.Append($"masquerade {rule.Family} {SubnetRule.Table} {rule.Chain}: {rule.Text}  {rule.Packets} pkts {rule.Bytes} bytes\n");
            text.Append($"  covers {covered.Count} pod(s){(covered.Count == 0 ? string.Empty : ": " + string.Join(", ", covered.Select(l => $"{l.ContainerId}/{l.IfName} {l.Ip}")))}\n");
        }
    }

    private static void RenderAttachment(StringBuilder text, NetworkView network, Attachment a, DateTime now)
    {
        text.Append($"\n  container {a.ContainerId}  ({Age.Format(now - a.OldestLeaseUtc)} old)\n");
        var netns = a.NetNs.Length == 0 ? "(not recorded)" : a.NetNs;
        text.Append($"    netns      {netns}{(a.NetNsInode is { } inode ? $"  inode {inode}" : a.NetNsExists ? string.Empty : "  GONE")}\n");
        text.Append(a.Pod is { } pod
            ? $"    pod        {pod.Name}@if{pod.PeerIndex}  ifindex {pod.Index}  mac {pod.Mac}  mtu {pod.Mtu}  {(pod.Up ? "up" : "DOWN")}  {Join(pod.Addresses)}\n"
            : $"    pod        {a.IfName}: missing\n");
        text.Append(a.HostVeth is { } veth
            ? $"    host veth  {veth.Name}@if{veth.PeerIndex}  ifindex {veth.Index}  mac {veth.Mac}  {(veth.Up ? "up" : "DOWN")}\n"
            : "    host veth  missing\n");
        text.Append($"    routes     {(a.Routes.Count == 0 ? "-" : string.Join("; ", a.Routes))}\n");
        foreach (var lease in a.Leases)
        {
            text.Append($"    lease      {lease.Ip}  {lease.LeaseFile}  age {Age.Format(lease.AgeAt(now))}\n");
        }

        foreach (var chain in a.Chains)
        {
            text.Append($"    nat        {chain.Family} {chain.Name}  {chain.Packets} pkts {chain.Bytes} bytes\n");
        }

        foreach (var lease in a.Leases)
        {
            if (network.RuleFor(lease) is { } rule)
            {
                text.Append($"    nat        {lease.Ip} via network rule {rule.Family} {SubnetRule.Table} {rule.Chain} (shared: {rule.Packets} pkts {rule.Bytes} bytes)\n");
            }
        }

        if (a.Chains.Count == 0 && !a.Leases.Any(l => network.RuleFor(l) is not null))
        {
            text.Append("    nat        -\n");
        }

        foreach (var hostPort in network.HostPortsOf(a))
        {
            text.Append($"    hostPort   {hostPort.Mapping}\n");
        }
    }

    private static string Join(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(" ", items);
}
