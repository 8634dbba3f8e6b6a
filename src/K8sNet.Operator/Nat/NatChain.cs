namespace K8sNet.Operator.Nat;

/// <summary>A rule with its counters as <c>iptables-save -c</c> prints them.</summary>
public sealed record NatRule(string Spec, long Packets, long Bytes);

/// <summary>
/// A pod's masquerade chain (<c>CNI-</c> + 24 hex digits) in one family's nat table. <see cref="Packets"/> counts what
/// POSTROUTING sent into it; the owner comes from the comment the reference and K8sNet put on every rule.
/// </summary>
public sealed record NatChain(
    string Family,
    string Name,
    string? Network,
    string? ContainerId,
    long Packets,
    long Bytes,
    IReadOnlyList<NatRule> Jumps,
    IReadOnlyList<NatRule> Rules);
