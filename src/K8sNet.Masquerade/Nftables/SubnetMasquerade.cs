using System.Net;
using System.Net.Sockets;
using K8sNet.Masquerade.Iptables;

namespace K8sNet.Masquerade.Nftables;

/// <summary>
/// The per-network rule of the netlink backend, one base chain per (network, subnet) in our own table:
/// <c>table ip k8snet { chain masq-NET-10.200.0.0_24 { type nat hook postrouting priority srcnat; policy accept;
/// ip saddr 10.200.0.0/24 ip daddr != 10.200.0.0/24 ip daddr != 224.0.0.0/4 counter masquerade comment "…" } }</c>.
/// Same traffic as the reference's per-pod chains (pod → outside the subnet, not multicast, is SNATed; inside the
/// subnet is not), but written once per network instead of once per pod, so ADD/DEL need no rule per pod.
/// </summary>
public sealed record SubnetMasquerade(bool IsIPv6, string NetworkName, IPAddress Network, int PrefixLength)
{
    public const string Table = "k8snet";

    public byte Family => IsIPv6 ? NfTables.NFPROTO_IPV6 : NfTables.NFPROTO_IPV4;

    public string FamilyName => IsIPv6 ? "ip6" : "ip";

    /// <summary>
    /// Readable in <c>nft list ruleset</c> and usable there unquoted: nft identifiers take letters, digits and
    /// "/-_." only, so an IPv6 subnet's ':' becomes '.' (masq-bridge-fd10.._64).
    /// </summary>
    public string Chain => string.Concat("masq-", NetworkName, "-", Network.ToString().Replace(':', '.'), "_", PrefixLength.ToString());

    /// <summary>
    /// Whether <paramref name="chain"/> is one of <paramref name="networkName"/>'s chains. The prefix alone is not
    /// enough: network "a"'s prefix "masq-a-" also starts network "a-b"'s chains; a subnet never holds a '-'.
    /// </summary>
    public static bool IsChainOf(string chain, string networkName)
    {
        var prefix = $"masq-{networkName}-";
        return chain.StartsWith(prefix, StringComparison.Ordinal) && chain.Length > prefix.Length && chain.IndexOf('-', prefix.Length) < 0;
    }

    /// <summary>
    /// nft shows it as the rule's comment (unescaped, so no double quotes: a saved ruleset must load again);
    /// CHECK recognises our rule by it.
    /// </summary>
    public string Comment => string.Concat("k8snet ipMasq network ", NetworkName, " subnet ", Network.ToString(), "/", PrefixLength.ToString());

    public int AddressLength => IsIPv6 ? 16 : 4;

    /// <summary>Offsets of saddr and daddr in the IPv4 (12, 16) and IPv6 (8, 24) headers.</summary>
    public uint SourceOffset => IsIPv6 ? 8u : 12u;

    public uint DestinationOffset => IsIPv6 ? 24u : 16u;

    public IPAddress MulticastNetwork => IsIPv6 ? IPAddress.Parse("ff00::") : IPAddress.Parse("224.0.0.0");

    public int MulticastPrefix => IsIPv6 ? 8 : 4;

    /// <summary>The distinct subnets of the target's addresses, one rule chain each.</summary>
    public static IReadOnlyList<SubnetMasquerade> For(MasqueradeTarget target)
    {
        var subnets = new List<SubnetMasquerade>();
        foreach (var a in target.Addresses)
        {
            var subnet = PodRules.Subnet(a, IptablesFamily.Of(a));
            var rule = new SubnetMasquerade(
                a.Address.AddressFamily == AddressFamily.InterNetworkV6,
                target.NetworkName,
                IPAddress.Parse(subnet[..subnet.IndexOf('/', StringComparison.Ordinal)]),
                a.PrefixLength);
            if (!subnets.Contains(rule))
            {
                subnets.Add(rule);
            }
        }

        return subnets;
    }

    /// <summary>The prefix as a byte mask of the family's address length.</summary>
    public static byte[] Mask(int prefixLength, int addressLength)
    {
        var mask = new byte[addressLength];
        for (var bit = 0; bit < prefixLength; bit++)
        {
            mask[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return mask;
    }
}
