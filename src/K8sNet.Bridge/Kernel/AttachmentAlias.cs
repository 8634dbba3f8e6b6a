namespace K8sNet.Bridge.Kernel;

/// <summary>
/// The host veth's alias names its attachment, "k8snet/&lt;network&gt;/&lt;containerID&gt;/&lt;ifname&gt;", so DEL
/// without a netns path, GC and `k8snet inspect` find a pod's veth from the node alone. '/' cannot occur in any of
/// the three (validated names), so the format parses back unambiguously.
/// </summary>
public readonly record struct AttachmentAlias(string Network, string ContainerId, string IfName)
{
    public const string Prefix = "k8snet/";

    /// <summary>The kernel keeps at most 255 bytes; longer names are not aliased (the veth is still found via netns).</summary>
    public string? Format()
    {
        var text = string.Concat(Prefix, Network, "/", ContainerId, "/", IfName);
        return System.Text.Encoding.UTF8.GetByteCount(text) <= 255 ? text : null;
    }

    public static bool TryParse(string? alias, out AttachmentAlias attachment)
    {
        attachment = default;
        if (alias is null || !alias.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = alias[Prefix.Length..].Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        attachment = new AttachmentAlias(parts[0], parts[1], parts[2]);
        return true;
    }
}
