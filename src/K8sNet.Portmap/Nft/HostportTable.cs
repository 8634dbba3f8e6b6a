using System.Net.Sockets;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The layout of the nf_tables backend, one table per family (ip, ip6):
/// <code>
/// table ip k8snet-hostports {
///   chain prerouting { type nat hook prerouting priority dstnat + 1; fib daddr type local jump hostports }
///   chain output     { type nat hook output priority dstnat + 1; fib daddr type local jump hostports }
///   chain hostports  { [ip daddr HOSTIP] meta l4proto tcp th dport 8080 [conditions] counter dnat to POD:80 comment "…" }
///   chain postrouting { type nat hook postrouting priority srcnat - 1; ct status dnat ip saddr POD ip daddr POD masquerade … }
///   chain localnet-guard { type filter hook prerouting priority mangle; iifname != "lo" ip daddr 127.0.0.0/8 drop }
/// }
/// </code>
/// dstnat + 1: kube-proxy's nat chains (iptables nat PREROUTING, nft kube-proxy at dstnat) run first, and the first
/// chain that DNATs a connection wins (nf_nat stops at the first initialised binding): its rules keep precedence
/// (CVE-2019-9946). fib daddr type local: only traffic addressed to this node is mapped (CVE-2025-67499).
/// </summary>
public static class HostportTable
{
    public const string Name = "k8snet-hostports";
    public const string Hostports = "hostports";
    public const string Prerouting = "prerouting";
    public const string Output = "output";
    public const string Postrouting = "postrouting";
    public const string Guard = "localnet-guard";

    public const int DnatPriority = NF_IP_PRI_NAT_DST + 1;
    public const int SnatPriority = NF_IP_PRI_NAT_SRC - 1;
    public const int GuardPriority = NF_IP_PRI_MANGLE;

    public static byte FamilyOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

    public static string FamilyName(byte family) => family == NFPROTO_IPV6 ? "ip6" : "ip";
}
