using System.Net.Sockets;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The layout of the nf_tables backend, one table per family (ip, ip6):
/// <code>
/// table ip k8snet-hostports {
///   map ports-ip  { type ipv4_addr . inet_proto . inet_service : verdict; elements = { HOSTIP . tcp . 8080 : jump dnat-KEY } }
///   map ports-any { type inet_proto . inet_service : verdict; elements = { tcp . 8080 : jump dnat-KEY } }
///   map masquerade { type ipv4_addr : verdict; elements = { POD : jump masq-KEY } }
///   chain prerouting { type nat hook prerouting priority dstnat + 1; fib daddr type local jump hostports }
///   chain output     { type nat hook output priority dstnat + 1; fib daddr type local jump hostports }
///   chain hostports  { ip daddr . meta l4proto . th dport vmap @ports-ip; meta l4proto . th dport vmap @ports-any }
///   chain dnat-KEY   { [ip daddr HOSTIP] meta l4proto tcp th dport 8080 [conditions] counter dnat to POD:80 comment "…" }
///   chain postrouting { type nat hook postrouting priority srcnat - 1; ip daddr vmap @masquerade }
///   chain masq-KEY   { ct status dnat ip saddr POD ip daddr POD masquerade …; ct status dnat ip saddr 127.0.0.0/8 ip daddr POD jump localhost-BRIDGE … }
///   chain localhost-BRIDGE { counter masquerade }
///   chain localnet-guard { type filter hook prerouting priority mangle; iifname != "lo" ip daddr 127.0.0.0/8 drop }
/// }
/// Each attachment's rules are in its own chains, reached through map elements keyed on what it claims: a verb reads
/// and writes only its own (flat however many pods have hostPorts), and the elements are added with NLM_F_EXCL, so
/// the kernel itself refuses a (protocol, hostIP, hostPort) another attachment holds.
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

    /// <summary>Verdict maps: (daddr . l4proto . dport) and (l4proto . dport) to an attachment's DNAT chain; pod to its masquerade chain.</summary>
    public const string PortsByAddress = "ports-ip";
    public const string PortsAny = "ports-any";
    public const string MasqueradeMap = "masquerade";

    /// <summary>The chains and maps a family's table has besides the attachments' own (table use count when empty).</summary>
    public const int SharedObjects = 7;

    /// <summary>The attachment's DNAT rules, reached only through its elements of the ports maps.</summary>
    public static string DnatChain(string key) => "dnat-" + key;

    /// <summary>The attachment's masquerade rules, reached through its pod's element of the masquerade map.</summary>
    public static string MasqChain(string key) => "masq-" + key;

    /// <summary>One per bridge with localhost mappings: its masquerade; its use count is the number of such attachments.</summary>
    public static string LocalhostChain(string bridge) => "localhost-" + bridge;

    public const int DnatPriority = NF_IP_PRI_NAT_DST + 1;
    public const int SnatPriority = NF_IP_PRI_NAT_SRC - 1;
    public const int GuardPriority = NF_IP_PRI_MANGLE;

    public static byte FamilyOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

    public static string FamilyName(byte family) => family == NFPROTO_IPV6 ? "ip6" : "ip";
}
