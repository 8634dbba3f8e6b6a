using System.Text.RegularExpressions;

namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// Where iptables-restore stopped. Both builds name the line, in different words:
/// "iptables-restore: line 2 failed: Bad rule …" and "Error occurred at line: 3".
/// </summary>
public static partial class RestoreFailure
{
    public static int? FailedLine(string stderr)
    {
        var match = LinePattern().Match(stderr);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The first line of stderr, for messages (the rest is usage noise).</summary>
    public static string Summary(string stderr)
    {
        var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? "(no message)" : first;
    }

    [GeneratedRegex(@"line:? (\d+)")]
    private static partial Regex LinePattern();
}
