using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Iptables;

/// <summary>
/// Finds what the reference portmap left for an attachment, so K8sNet's DEL removes a pod the reference wired (a
/// node moved to K8sNet with pods running keeps nothing of a deleted pod). Asked over netlink first: no exec
/// unless the reference's top-level chain exists.
/// </summary>
public static class ReferenceCleanup
{
    /// <summary>
    /// Whether iptables may hold CNI-HOSTPORT-DNAT: with iptables-nft it is an nf_tables chain of table ip/ip6 nat
    /// (one GETCHAIN each); iptables-legacy's tables are invisible to nf_tables, so a loaded legacy nat table is a yes.
    /// </summary>
    public static bool MayHaveRules()
    {
        if (LegacyNatLoaded("/proc/net/ip_tables_names") || LegacyNatLoaded("/proc/net/ip6_tables_names"))
        {
            return true;
        }

        using var socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);
        return NftQueries.ChainExists(socket, NFPROTO_IPV4, "nat", HostportIptablesRules.TopLevelDnat)
            || NftQueries.ChainExists(socket, NFPROTO_IPV6, "nat", HostportIptablesRules.TopLevelDnat);
    }

    private static bool LegacyNatLoaded(string path) =>
        NoFollow.TryReadRegular(path, out _) is { } bytes && NftablesNetlinkBackend.ListsNat(bytes);
}
