namespace K8sNet.Operator.Leases;

/// <summary>One address leased to one attachment, with the lease file and when it was written.</summary>
/// <param name="NetNs">The netns path recorded at ADD time; empty for leases the reference plugin wrote.</param>
public sealed record LeaseRow(
    string Network,
    string ContainerId,
    string IfName,
    string Ip,
    string NetNs,
    string LeaseFile,
    DateTime? WrittenUtc)
{
    public TimeSpan? AgeAt(DateTime nowUtc) => WrittenUtc is { } written ? nowUtc - written : null;
}
