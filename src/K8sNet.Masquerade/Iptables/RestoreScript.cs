using System.Text;

namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// Renders the <c>iptables-restore --noflush</c> input for the nat table. Each script is one transaction: it
/// applies completely or not at all (legacy: one iptc commit; nft: one netlink batch), which is what makes the
/// optimistic fast paths below safe to retry by another route.
/// </summary>
public static class RestoreScript
{
    /// <summary>
    /// The one-exec ADD for a new pod. <c>-N</c> fails when the chain exists, and a POSTROUTING jump can only
    /// exist while its chain does, so success proves the jump was not already there (no duplicate on a repeat
    /// ADD); failure changes nothing and sends the caller to <see cref="Replace"/>.
    /// </summary>
    public static string Create(PodRules rules)
    {
        var script = Begin();
        script.Append("-N ").Append(rules.Chain).Append('\n');
        AppendAll(script, rules.ChainRules, 'A');
        AppendAll(script, rules.Jumps, 'A');
        return End(script);
    }

    /// <summary>
    /// ADD when the chain already exists: with --noflush, declaring <c>:CHAIN - [0:0]</c> flushes an existing
    /// user chain (or creates it), then the jumps found by listing POSTROUTING are deleted and all is re-added.
    /// </summary>
    public static string Replace(PodRules rules, IReadOnlyList<IptablesRule> existingJumps)
    {
        var script = Begin();
        Declare(script, rules.Chain);
        AppendAll(script, existingJumps, 'D');
        AppendAll(script, rules.ChainRules, 'A');
        AppendAll(script, rules.Jumps, 'A');
        return End(script);
    }

    /// <summary>
    /// The one-exec DEL when the addresses are known: delete each expected jump, then flush and delete the chain.
    /// A missing jump fails its <c>-D</c>; a duplicate or legacy <c>-s ip/prefix</c> jump still references the
    /// chain, so <c>-X</c> fails. Either way nothing changed and the caller lists POSTROUTING (<see cref="Remove"/>).
    /// </summary>
    public static string RemoveExpected(PodRules rules) => Remove(rules.Chain, rules.Jumps);

    /// <summary>Deletes the given jumps, then flushes (by declaring) and deletes the chain; fine if it was absent.</summary>
    public static string Remove(string chain, IReadOnlyList<IptablesRule> jumps)
    {
        var script = Begin();
        AppendAll(script, jumps, 'D');
        Declare(script, chain);
        script.Append("-X ").Append(chain).Append('\n');
        return End(script);
    }

    /// <summary>
    /// <c>-C</c> for every rule: changes nothing; the first missing rule fails the script at its line, which
    /// <see cref="CheckLines"/> maps back to the rule.
    /// </summary>
    public static string Check(PodRules rules)
    {
        var script = Begin();
        AppendAll(script, CheckLines(rules), 'C');
        return End(script);
    }

    /// <summary>The rules in the order <see cref="Check"/> writes them; rule i is on script line i + 2.</summary>
    public static IReadOnlyList<IptablesRule> CheckLines(PodRules rules) => [.. rules.ChainRules, .. rules.Jumps];

    /// <summary>The first script line that holds a rule (line 1 is the table header).</summary>
    public const int FirstRuleLine = 2;

    private static StringBuilder Begin() => new StringBuilder().Append("*nat\n");

    private static string End(StringBuilder script) => script.Append("COMMIT\n").ToString();

    private static void Declare(StringBuilder script, string chain) => script.Append(':').Append(chain).Append(" - [0:0]\n");

    private static void AppendAll(StringBuilder script, IEnumerable<IptablesRule> rules, char command)
    {
        foreach (var rule in rules)
        {
            script.Append(rule.Line(command)).Append('\n');
        }
    }
}
