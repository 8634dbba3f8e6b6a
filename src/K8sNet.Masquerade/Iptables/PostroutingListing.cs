namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// Reads <c>iptables -t nat -S POSTROUTING</c> output: the rules that jump to one chain, whatever their match
/// (ours, the reference's, or its legacy <c>-s ip/prefix</c> form), ready to be deleted by their exact spec.
/// </summary>
public static class PostroutingListing
{
    public static IReadOnlyList<IptablesRule> JumpsTo(string chain, string listing)
    {
        const string prefix = "-A POSTROUTING ";
        var target = " -j " + chain;
        var jumps = new List<IptablesRule>();
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith(target, StringComparison.Ordinal))
            {
                jumps.Add(new IptablesRule("POSTROUTING", line[prefix.Length..]));
            }
        }

        return jumps;
    }
}
