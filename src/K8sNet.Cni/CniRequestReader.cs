namespace K8sNet.Cni;

/// <summary>
/// Reads and validates the CNI_* environment for one verb (SPEC §2): which variables each verb requires, and the
/// name rules for container ID and interface name. Everything here runs before disk or kernel is touched.
/// </summary>
public static class CniRequestReader
{
    public static CniCommand ReadCommand(Func<string, string?> getenv)
    {
        var text = getenv("CNI_COMMAND");
        if (!CniCommandNames.TryParse(text, out var command))
        {
            throw new CniException(
                CniErrorCode.InvalidEnvironment,
                $"CNI_COMMAND: unknown verb \"{text}\" (expected ADD, DEL, CHECK, GC, STATUS or VERSION)");
        }

        return command;
    }

    public static CniRequest Read(CniCommand command, Func<string, string?> getenv, byte[] stdin)
    {
        var needsAttachment = command is CniCommand.Add or CniCommand.Del or CniCommand.Check;
        var missing = new List<string>();
        string Required(string name, bool required)
        {
            var value = getenv(name) ?? string.Empty;
            if (required && value.Length == 0)
            {
                missing.Add(name);
            }

            return value;
        }

        var containerId = Required("CNI_CONTAINERID", needsAttachment);
        // DEL must succeed without a netns (the pod may be gone already), so only ADD and CHECK require it.
        var netns = Required("CNI_NETNS", command is CniCommand.Add or CniCommand.Check);
        var ifName = Required("CNI_IFNAME", needsAttachment);
        if (missing.Count > 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"required env variables [{string.Join(" ", missing)}] missing");
        }

        if (needsAttachment)
        {
            if (!NameValidation.IsValidIdentifier(containerId))
            {
                throw new CniException(
                    CniErrorCode.InvalidEnvironment,
                    $"CNI_CONTAINERID: invalid container ID \"{Printable(containerId)}\" (allowed: letters, digits, _ . - and a letter or digit first)");
            }

            if (NameValidation.InterfaceNameProblem(ifName) is { } problem)
            {
                throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_IFNAME: {problem}: \"{Printable(ifName)}\"");
            }
        }

        var argsRaw = getenv("CNI_ARGS") ?? string.Empty;
        var args = CniArgs.Parse(argsRaw);
        var path = (getenv("CNI_PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return new CniRequest(command, containerId, netns, ifName, args, argsRaw, path, stdin);
    }

    /// <summary>Control characters would garble the one-line error message; show them escaped.</summary>
    public static string Printable(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value.Length > 80 ? value[..80] + "…" : value)
        {
            if (char.IsControl(c))
            {
                builder.Append($"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
