namespace K8sNet.Operator.Gc;

public enum GcActionKind
{
    ReleaseLeases,
    DeleteVeth,
    RemoveNatChain,
    RemoveNetworkRule,
    RemoveHostPorts,
}

/// <summary>One thing gc removes, with the finding that justifies it.</summary>
public sealed record GcAction(GcActionKind Kind, string Network, string Subject, string Reason)
{
    public string ContainerId { get; init; } = string.Empty;

    public string IfName { get; init; } = string.Empty;

    public string NetNs { get; init; } = string.Empty;

    public int LinkIndex { get; init; }

    /// <summary>For a chain found by name (no lease): the nat table's family ("IPv4"/"IPv6"); empty = both, by owner.</summary>
    public string Family { get; init; } = string.Empty;

    /// <summary>For a network rule: the subnet it masquerades (re-checked for leases before removal).</summary>
    public string Subnet { get; init; } = string.Empty;

    public string Describe() => Kind switch
    {
        GcActionKind.RemoveNetworkRule => $"remove {Family} {Nat.SubnetRule.Table} masquerade rule {Subject} of network {Network} ({Reason})",
        GcActionKind.ReleaseLeases => $"release leases of {Subject} in network {Network} ({Reason})",
        GcActionKind.RemoveHostPorts => $"remove the hostPorts of {Subject} in network {Network} ({Reason})",
        GcActionKind.DeleteVeth => $"delete veth {Subject} (ifindex {LinkIndex}) ({Reason})",
        _ => $"remove {(Family.Length == 0 ? string.Empty : Family + " ")}NAT chain {Subject} of container {ContainerId} in network {Network} ({Reason})",
    };
}
