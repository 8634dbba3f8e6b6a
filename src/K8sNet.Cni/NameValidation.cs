namespace K8sNet.Cni;

/// <summary>
/// The spec's rules for names that end up in file paths and interface names (SPEC §1, §2; libcni pkg/utils).
/// Checked before anything touches disk or kernel.
/// </summary>
public static class NameValidation
{
    /// <summary>Linux IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int MaxInterfaceNameBytes = 15;

    /// <summary>The network name becomes a directory under dataDir, and Linux file names stop at 255 bytes.</summary>
    public const int MaxNetworkNameBytes = 255;

    /// <summary>True for <c>^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$</c>, the rule for network names and container IDs.</summary>
    public static bool IsValidIdentifier(string? value)
    {
        if (string.IsNullOrEmpty(value) || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reason an interface name is unusable, or null when it is fine.</summary>
    public static string? InterfaceNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "interface name is empty";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxInterfaceNameBytes)
        {
            return $"interface name is too long (more than {MaxInterfaceNameBytes} bytes)";
        }

        if (name is "." or "..")
        {
            return "interface name is . or ..";
        }

        foreach (var c in name)
        {
            if (c == '/' || c == ':' || c == '\0' || char.IsWhiteSpace(c))
            {
                return $"interface name contains an invalid character {Describe(c)}";
            }
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\0' => "NUL",
        ' ' => "space",
        _ when char.IsWhiteSpace(c) => $"whitespace U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
