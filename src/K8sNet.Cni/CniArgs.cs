namespace K8sNet.Cni;

/// <summary>
/// <c>CNI_ARGS</c> as libcni reads it (pkg/types/args.go <c>LoadArgs</c>): <c>K=V;K=V</c>, each pair exactly one
/// <c>=</c>, keys case-sensitive; a key the plugin does not know is an error unless <c>IgnoreUnknown</c> is 1/true.
/// </summary>
public sealed class CniArgs
{
    /// <summary>Keys K8sNet understands: requested IP, requested MAC, and the switch itself.</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.Ordinal) { "IP", "MAC", "IgnoreUnknown" };

    public static readonly CniArgs Empty = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly Dictionary<string, string> _values;

    private CniArgs(Dictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Parses the variable; a malformed pair or an unknown key (without IgnoreUnknown) is code 4 naming CNI_ARGS.</summary>
    public static CniArgs Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var parts = pair.Split('=');
            if (parts.Length != 2)
            {
                throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_ARGS: invalid pair \"{pair}\" (expected KEY=VALUE)");
            }

            values[parts[0]] = parts[1];
        }

        var ignoreUnknown = values.TryGetValue("IgnoreUnknown", out var flag) && ParseFlag(flag);
        if (!ignoreUnknown)
        {
            var unknown = new List<string>();
            foreach (var key in values.Keys)
            {
                if (!KnownKeys.Contains(key))
                {
                    unknown.Add(key);
                }
            }

            if (unknown.Count > 0)
            {
                throw new CniException(
                    CniErrorCode.InvalidEnvironment,
                    $"CNI_ARGS: unknown args [{string.Join(", ", unknown)}] (set IgnoreUnknown=1 to ignore them)");
            }
        }

        return new CniArgs(values);
    }

    /// <summary>libcni's UnmarshallableBool: 1/true or 0/false in any case; anything else fails the whole variable.</summary>
    private static bool ParseFlag(string flag)
    {
        if (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (flag == "0" || flag.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_ARGS: IgnoreUnknown must be 1, 0, true or false, not \"{flag}\"");
    }
}
