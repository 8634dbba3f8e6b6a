namespace K8sNet.Masquerade.Iptables;

/// <summary>The per-family programs and constants: iptables for IPv4, ip6tables for IPv6.</summary>
public sealed record IptablesFamily(string Name, string Iptables, string Restore, string Multicast, int HostPrefix)
{
    public static readonly IptablesFamily V4 = new("IPv4", "iptables", "iptables-restore", "224.0.0.0/4", 32);

    public static readonly IptablesFamily V6 = new("IPv6", "ip6tables", "ip6tables-restore", "ff00::/8", 128);

    public static IReadOnlyList<IptablesFamily> Both { get; } = [V4, V6];

    public static IptablesFamily Of(MasqueradeAddress address) => address.IsIPv6 ? V6 : V4;
}
