using System.Text;
using K8sNet.Cni;

namespace K8sNet.Ipam.Store;

/// <summary>
/// The body of a reference lease file (HL disk/backend.go): <c>&lt;containerID&gt;\r\n&lt;ifname&gt;</c>, no trailing
/// newline; files older than plugins v0.8.0 hold only <c>&lt;containerID&gt;</c> (IfName is then empty).
/// </summary>
public readonly record struct LeaseContent(string ContainerId, string IfName)
{
    public const string LineBreak = "\r\n";

    public bool IsLegacy => IfName.Length == 0;

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ContainerId + LineBreak + IfName);

    /// <summary>Does this lease belong to the attachment? Legacy id-only leases match any ifname of their container.</summary>
    public bool BelongsTo(string containerId, string ifName) =>
        ContainerId == containerId && (IfName == ifName || IsLegacy);

    /// <summary>Parses trimmed content as the reference compares it; null for anything else (foreign or torn files).</summary>
    public static LeaseContent? Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var parts = trimmed.Split(LineBreak);
        if (parts.Length > 2 || !NameValidation.IsValidIdentifier(parts[0]))
        {
            return null;
        }

        var ifName = parts.Length == 2 ? parts[1] : string.Empty;
        if (parts.Length == 2 && NameValidation.InterfaceNameProblem(ifName) is not null)
        {
            return null;
        }

        return new LeaseContent(parts[0], ifName);
    }
}
