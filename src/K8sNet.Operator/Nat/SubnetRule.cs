using System.Net;

namespace K8sNet.Operator.Nat;

/// <summary>
/// A network's masquerade rule of the default nftables backend (one per network subnet, in <c>table ip k8snet</c> /
/// <c>ip6 k8snet</c>), with its counters: every pod of the subnet shares it, so it replaces the per-pod chains.
/// </summary>
/// <param name="Family">"ip" or "ip6", as nft names the table's family.</param>
/// <param name="Network">From the rule's comment; null for a rule K8sNet did not write.</param>
/// <param name="Subnet">From the rule's comment, e.g. "10.200.0.0/24".</param>
/// <param name="Masquerades">The rule ends in a masquerade statement.</param>
public sealed record SubnetRule(string Family, string Chain, string? Network, string? Subnet, long Packets, long Bytes, bool Masquerades)
{
    public const string Table = "k8snet";

    /// <summary>The rule as <c>nft list table</c> shows its matches (the shape K8sNet writes).</summary>
    public string Text => Subnet is null
        ? "(not a K8sNet rule)"
        : $"{Family} saddr {Subnet} {Family} daddr != {Subnet} {Family} daddr != {(Family == "ip6" ? "ff00::/8" : "224.0.0.0/4")} {(Masquerades ? "masquerade" : "(no masquerade)")}";

    /// <summary>Whether the pod address <paramref name="ip"/> (no prefix) is in this rule's subnet.</summary>
    public bool Covers(string ip) =>
        Subnet is not null && IPNetwork.TryParse(Subnet, out var subnet) && IPAddress.TryParse(ip, out var address) && subnet.Contains(address);
}
