using System.Globalization;
using System.Text.RegularExpressions;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Parses <c>iptables-save -t nat -c</c>: chain declarations (<c>:NAME POLICY [p:b]</c>) and rules
/// (<c>[p:b] -A CHAIN spec</c>). Only per-pod chains are kept; portmap's CNI-HOSTPORT-*/CNI-DN-* are not masquerade.
/// </summary>
public static partial class NatSaveParser
{
    public static IReadOnlyList<NatChain> Parse(string family, string save)
    {
        var names = new List<string>();
        var rules = new List<(string Chain, NatRule Rule)>();
        foreach (var raw in save.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.StartsWith(':'))
            {
                var name = line[1..].Split(' ')[0];
                if (PodChain().IsMatch(name))
                {
                    names.Add(name);
                }
            }
            else if (RuleLine().Match(line) is { Success: true } m)
            {
                rules.Add((m.Groups["chain"].Value, new NatRule(
                    m.Groups["spec"].Value,
                    long.Parse(m.Groups["p"].ValueSpan, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups["b"].ValueSpan, CultureInfo.InvariantCulture))));
            }
        }

        return names.Select(name => Build(family, name, rules)).ToList();
    }

    /// <summary>(network, container ID) from the comment <c>name: "N" id: "ID"</c>; null when no rule carries one.</summary>
    public static (string Network, string ContainerId)? Owner(IEnumerable<NatRule> rules)
    {
        foreach (var rule in rules)
        {
            if (OwnerComment().Match(rule.Spec) is { Success: true } m)
            {
                return (m.Groups["name"].Value, m.Groups["id"].Value);
            }
        }

        return null;
    }

    private static NatChain Build(string family, string name, List<(string Chain, NatRule Rule)> all)
    {
        var own = all.Where(r => r.Chain == name).Select(r => r.Rule).ToList();
        var jumps = all.Where(r => r.Chain == "POSTROUTING" && r.Rule.Spec.EndsWith(" -j " + name, StringComparison.Ordinal)).Select(r => r.Rule).ToList();
        var owner = Owner(own.Concat(jumps));
        return new NatChain(family, name, owner?.Network, owner?.ContainerId, jumps.Sum(j => j.Packets), jumps.Sum(j => j.Bytes), jumps, own);
    }

    [GeneratedRegex("^CNI-[0-9a-f]{24}$")]
    private static partial Regex PodChain();

    [GeneratedRegex(@"^\[(?<p>\d+):(?<b>\d+)\] -A (?<chain>\S+) (?<spec>.*)$")]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"name: \\""(?<name>[^\\""]*)\\"" id: \\""(?<id>[^\\""]*)\\""")]
    private static partial Regex OwnerComment();
}
