using System.Text;
using K8sNet.Operator.Inspection;

namespace K8sNet.Operator.Rendering;

/// <summary>
/// inspect --output dot: the seeds' picture as Graphviz (pods → veths → bridge → node), left to right. Broken parts
/// are red and dashed: a lease whose veth is gone, a veth without a lease. Render with: dot -Tsvg.
/// </summary>
public static class DotRenderer
{
    public static string Render(NodeView view)
    {
        var text = new StringBuilder();
        text.Append("digraph k8snet {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        text.Append("  node_ns [label=\"node netns\\n(routing, NAT)\", shape=box3d];\n");
        foreach (var network in view.Networks)
        {
            RenderNetwork(text, network, view.Findings);
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static void RenderNetwork(StringBuilder text, NetworkView network, IReadOnlyList<Finding> findings)
    {
        var net = Id(network.Config.Name);
        var bridgeId = $"br_{net}";
        var bridgeLabel = network.Bridge is { } b
            ? $"{b.Link.Name}\\n{string.Join("\\n", b.Addresses)}"
            : $"{network.Config.Bridge}\\n(missing)";
        text.Append($"  {bridgeId} [label=\"{Escape(bridgeLabel)}\", shape=ellipse{(network.Bridge is null ? ", color=red, style=dashed" : string.Empty)}];\n");
        text.Append($"  {bridgeId} -> node_ns [dir=both, label=\"{Escape(network.Config.Name)}\"];\n");
        foreach (var a in network.Attachments)
        {
            var pod = $"pod_{net}_{Id(a.ContainerId)}_{Id(a.IfName)}";
            var podLabel = $"pod {Short(a.ContainerId)}\\n{a.IfName}{(a.Pod is { } p ? $"@if{p.PeerIndex}" : string.Empty)}\\n{string.Join("\\n", a.Leases.Select(l => l.Ip))}";
            var broken = a.Pod is null || a.HostVeth is null;
            text.Append($"  {pod} [label=\"{Escape(podLabel)}\"{(broken ? ", color=red, style=dashed" : string.Empty)}];\n");
            if (a.HostVeth is { } veth)
            {
                var vethId = $"veth_{veth.Index}";
                text.Append($"  {vethId} [label=\"{Escape($"{veth.Name}\\nifindex {veth.Index}")}\", shape=cds];\n");
                text.Append($"  {pod} -> {vethId} [dir=both];\n  {vethId} -> {bridgeId} [dir=both];\n");
            }
            else
            {
                text.Append($"  {pod} -> {bridgeId} [style=dashed, color=red, label=\"no veth\"];\n");
            }
        }

        for (var i = 0; i < (network.MasqueradeRules?.Count ?? 0); i++)
        {
            var rule = network.MasqueradeRules![i];
            var ruleId = $"masq_{net}_{i}";
            var covered = network.CoveredBy(rule).Count;
            text.Append($"  {ruleId} [label=\"{Escape($"{rule.Family} {Nat.SubnetRule.Table} {rule.Chain}\\nmasquerade {rule.Subnet}\\n{rule.Packets} pkts, {covered} pod(s)")}\", shape=note{(covered == 0 ? ", color=red, style=dashed" : string.Empty)}];\n");
            text.Append($"  node_ns -> {ruleId} [style=dotted];\n");
        }

        foreach (var orphan in findings.Where(f => f.Network == network.Config.Name && f.Kind == FindingKind.VethWithoutLease))
        {
            var port = network.Bridge?.Ports.FirstOrDefault(p => p.Name == orphan.Subject);
            var vethId = $"veth_{port?.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Id(orphan.Subject)}";
            text.Append($"  {vethId} [label=\"{Escape($"{orphan.Subject}\\nno lease")}\", shape=cds, color=red, style=dashed];\n");
            text.Append($"  {vethId} -> {bridgeId} [dir=both, color=red];\n");
        }
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static string Id(string text) => string.Create(text.Length, text, static (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            chars[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '_';
        }
    });

    /// <summary>Quotes for a DOT string; "\n" sequences we put in on purpose are kept.</summary>
    private static string Escape(string text) => text.Replace("\"", "\\\"", StringComparison.Ordinal);
}
