
namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// Where iptables-restore stopped. Both builds name the line, in different words:
/// "iptables-restore: line 2 failed: Bad rule …" and "Error occurred at line: 3".
/// </summary>
public static class RestoreFailure
{
    /// <summary>The number after the first "line " or "line: " (hand-parsed: a regex engine would add a megabyte to the binary).</summary>
    public static int? FailedLine(string stderr)
    {
        for (var at = stderr.IndexOf("line", StringComparison.Ordinal); at >= 0; at = stderr.IndexOf("line", at + 4, StringComparison.Ordinal))
        {
            var i = at + 4;
            if (i < stderr.Length && stderr[i] == ':')
            {
                i++;
            }

            if (i >= stderr.Length || stderr[i] != ' ')
            {
                continue;
            }

            var start = ++i;
            while (i < stderr.Length && char.IsAsciiDigit(stderr[i]))
            {
                i++;
            }

            if (i > start && int.TryParse(stderr.AsSpan(start, i - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The first line of stderr, for messages (the rest is usage noise).</summary>
    public static string Summary(string stderr)
    {
        var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? "(no message)" : first;
    }
}
