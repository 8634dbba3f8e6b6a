namespace K8sNet.Masquerade.Iptables;

/// <summary>The per-family programs and constants: iptables for IPv4, ip6tables for IPv6.</summary>
public sealed record IptablesFamily(string Name, string Iptables, string Restore, string Multicast, int HostPrefix)
{
    public static readonly IptablesFamily V4 = new("IPv4", "iptables", "iptables-restore", "224.0.0.0/4", 32);

    public static readonly IptablesFamily V6 = new("IPv6", "ip6tables", "ip6tables-restore", "ff00::/8", 128);

    public static IReadOnlyList<IptablesFamily> Both { get; } = [V4, V6];

    public static IptablesFamily Of(MasqueradeAddress address) => address.IsIPv6 ? V6 : V4;

    /// <summary>The families the addresses use, IPv4 first. A loop, as value-type LINQ bloats the AOT image.</summary>
    public static IReadOnlyList<IptablesFamily> Used(IEnumerable<MasqueradeAddress> addresses)
    {
        bool v4 = false, v6 = false;
        foreach (var address in addresses)
        {
            v4 |= !address.IsIPv6;
            v6 |= address.IsIPv6;
        }

        return (v4, v6) switch
        {
            (true, true) => Both,
            (true, false) => [V4],
            (false, true) => [V6],
            _ => [],
        };
    }

    /// <summary>The addresses of this family, in order.</summary>
    public List<MasqueradeAddress> AddressesOf(IEnumerable<MasqueradeAddress> addresses)
    {
        var list = new List<MasqueradeAddress>();
        foreach (var address in addresses)
        {
            if (Of(address) == this)
            {
                list.Add(address);
            }
        }

        return list;
    }
}
