namespace K8sNet.Operator.Config;

/// <summary>One bad field of a config file and why, in the words the plugin would use.</summary>
public sealed record ConfigProblem(string Field, string Reason)
{
    private const string Prefix = "invalid config: ";

    /// <summary>Splits a loader's "invalid config: field: reason" (or "field \"x\" has the wrong type: …") message.</summary>
    public static ConfigProblem FromMessage(string message, Func<string, string> qualify)
    {
        var text = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : message;
        const string typed = "field \"";
        if (text.StartsWith(typed, StringComparison.Ordinal) && text.IndexOf('"', typed.Length) is var end and > 0)
        {
            return new ConfigProblem(qualify(text[typed.Length..end]), text[(end + 1)..].TrimStart(' ', ':').Trim());
        }

        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal)
            ? new ConfigProblem(qualify(text[..colon]), text[(colon + 2)..])
            : new ConfigProblem(qualify(string.Empty), text);
    }

    public override string ToString() => $"{Field}: {Reason}";
}
