using System.Text;

namespace K8sNet.Portmap;

/// <summary>
/// The identity of one attachment (network, container ID, interface name): every rule K8sNet writes for it carries
/// the same 16-hex-digit key in its comment, so a repeated ADD replaces its rules, DEL and GC remove exactly its
/// own, and no comment grows past nf_tables' 256-byte userdata limit however long the names are.
/// </summary>
public sealed record Attachment(string NetworkName, string ContainerId, string IfName)
{
    public const string CommentTag = "k8snet-hostport";

    /// <summary>hex(sha512(network NUL containerId NUL ifname))[:16].</summary>
    public string Key { get; } = Convert.ToHexStringLower(K8sNet.Linux.Hashing.Sha2.Sha512(Encoding.UTF8.GetBytes($"{NetworkName}\0{ContainerId}\0{IfName}")))[..16];

    /// <summary>What every comment of this attachment starts with.</summary>
    public string CommentPrefix => $"{CommentTag} {Key} ";

    /// <summary>The readable tail of a comment: who owns the rule (inspect and conflict messages show it).</summary>
    public string Owner => $"net={NetworkName} id={ContainerId} if={IfName}";

    public static string KeyOf(string comment)
    {
        var parts = comment.Split(' ');
        return parts.Length > 2 && parts[0] == CommentTag ? parts[1] : string.Empty;
    }
}
