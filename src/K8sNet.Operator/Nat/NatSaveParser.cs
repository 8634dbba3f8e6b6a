using System.Globalization;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Parses <c>iptables-save -t nat -c</c>: chain declarations (<c>:NAME POLICY [p:b]</c>) and rules
/// (<c>[p:b] -A CHAIN spec</c>). Only per-pod chains are kept; portmap's CNI-HOSTPORT-*/CNI-DN-* are not masquerade.
/// </summary>
public static class NatSaveParser
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
                if (IsPodChain(name))
                {
                    names.Add(name);
                }
            }
            else if (TryParseRule(line, out var chain, out var rule))
            {
                rules.Add((chain, rule));
            }
        }

        return names.Select(name => Build(family, name, rules)).ToList();
    }

    /// <summary>(network, container ID) from the comment <c>name: "N" id: "ID"</c>; null when no rule carries one.</summary>
    public static (string Network, string ContainerId)? Owner(IEnumerable<NatRule> rules)
    {
        foreach (var rule in rules)
        {
            if (TryParseOwner(rule.Spec) is { } owner)
            {
                return owner;
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

    /// <summary>CNI- followed by exactly 24 lower-case hex digits (the reference's per-pod chain).</summary>
    private static bool IsPodChain(string name) =>
        name.Length == 28 && name.StartsWith("CNI-", StringComparison.Ordinal)
        && name.AsSpan(4).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>"[packets:bytes] -A CHAIN spec", as iptables-save -c prints a rule.</summary>
    private static bool TryParseRule(string line, out string chain, out NatRule rule)
    {
        chain = string.Empty;
        rule = null!;
        var close = line.IndexOf("] -A ", StringComparison.Ordinal);
        var colon = line.IndexOf(':');
        if (!line.StartsWith('[') || close < 0 || colon < 0 || colon > close
            || !long.TryParse(line.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var packets)
            || !long.TryParse(line.AsSpan(colon + 1, close - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            return false;
        }

        var rest = line[(close + 5)..];
        var space = rest.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        chain = rest[..space];
        rule = new NatRule(rest[(space + 1)..], packets, bytes);
        return true;
    }

    /// <summary>(network, container ID) from the rule comment name: \"N\" id: \"ID\" as iptables-save escapes it.</summary>
    private static (string Network, string ContainerId)? TryParseOwner(string spec)
    {
        const string NameOpen = "name: \\\"";
        const string IdOpen = "\\\" id: \\\"";
        const string Close = "\\\"";
        var nameStart = spec.IndexOf(NameOpen, StringComparison.Ordinal);
        if (nameStart < 0)
        {
            return null;
        }

        nameStart += NameOpen.Length;
        var idMarker = spec.IndexOf(IdOpen, nameStart, StringComparison.Ordinal);
        if (idMarker < 0)
        {
            return null;
        }

        var idStart = idMarker + IdOpen.Length;
        var idEnd = spec.IndexOf(Close, idStart, StringComparison.Ordinal);
        return idEnd < 0 ? null : (spec[nameStart..idMarker], spec[idStart..idEnd]);
    }
}
