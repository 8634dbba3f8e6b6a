using System.Net.Sockets;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The layout of the nf_tables backend, one table per family (ip, ip6):
/// <code>
/// table ip k8snet-hostports {
///   map dnat-ip   { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; elements = { HOSTIP . tcp . 8080 : POD . 80 } }
///   map dnat-any  { type inet_proto . inet_service : ipv4_addr . inet_service; elements = { tcp . 8080 : POD . 80 } }
///   map ports-ip  { type ipv4_addr . inet_proto . inet_service : verdict; elements = { HOSTIP . tcp . 8080 : jump dnat-KEY } }
///   map ports-any { type inet_proto . inet_service : verdict; elements = { tcp . 8080 : jump dnat-KEY } }
///   set hairpin   { type ipv4_addr . ipv4_addr; elements = { POD . POD comment "KEY" } }
///   set masq-all  { type ipv4_addr; elements = { POD comment "KEY" } }
///   set localhost-BRIDGE { type ipv4_addr; elements = { POD comment "KEY" } }
///   chain prerouting { type nat hook prerouting priority dstnat + 1; fib daddr type local jump hostports }
///   chain output     { type nat hook output priority dstnat + 1; fib daddr type local jump hostports }
///   chain hostports  { ip daddr . meta l4proto . th dport vmap @ports-ip; dnat ip to ip daddr . meta l4proto . th dport map @dnat-ip;
///                      meta l4proto . th dport vmap @ports-any; dnat ip to meta l4proto . th dport map @dnat-any }
///   chain postrouting { type nat hook postrouting priority srcnat - 1; ct status dnat ip saddr . ip daddr @hairpin masquerade;
///                       ct status dnat ip daddr @masq-all masquerade; ct status dnat ip saddr 127.0.0.0/8 ip daddr @localhost-BRIDGE masquerade }
///   chain rec-KEY    { counter comment "k8snet-hostport KEY dnat tcp * 8080 POD 80 net=… id=… if=…"; counter comment "… masq POD …" }
///   chain dnat-KEY   { [ip daddr HOSTIP] meta l4proto tcp th dport 8080 CONDITIONS counter dnat to POD:80 comment "…" }
///   chain localnet-guard { type filter hook prerouting priority mangle; iifname != "lo" ip daddr 127.0.0.0/8 drop }
/// }
/// </code>
/// An ADD adds only elements of maps and sets whose data is not a verdict, and a chain of records nothing jumps to
/// (rules with a counter and the comment that says what the attachment has). nf_tables checks a whole table for
/// loops at commit whenever a transaction adds a NAT rule or a jump, walking every element of the verdict maps from
/// each base chain; this ADD adds neither, so it costs the same with one mapped pod or thousands. Only an attachment
/// with conditionsV4/V6 (its DNAT rules carry them) gets a chain of real rules, dnat-KEY, and jump elements in the
/// ports maps, and pays that check. Each verb reads only the attachment's own chains and the small shared ones; the
/// port elements are added with NLM_F_EXCL, so the kernel itself refuses a (protocol, hostIP, hostPort) another
/// attachment holds in the same map, and a lookup in the other kind of map covers the rest.
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

    /// <summary>Data maps: (daddr . l4proto . dport) and (l4proto . dport) to (pod . port), read by the DNAT rules of hostports.</summary>
    public const string DnatByAddress = "dnat-ip";
    public const string DnatAny = "dnat-any";

    /// <summary>Verdict maps to the DNAT chain of an attachment with conditions.</summary>
    public const string PortsByAddress = "ports-ip";
    public const string PortsAny = "ports-any";

    /// <summary>Sets of pods to masquerade: hairpin (pod . pod), masqAll (pod), and per bridge the localhost ones (pod).</summary>
    public const string Hairpin = "hairpin";
    public const string MasqAll = "masq-all";

    public static string LocalhostSet(string bridge) => "localhost-" + bridge;

    /// <summary>The chains and maps a family's table has besides the attachments' own and the bridges' (table use count when empty).</summary>
    public const int SharedObjects = 10;

    /// <summary>The attachment's records: one counter rule per thing it has, its comment saying what.</summary>
    public static string RecordChain(string key) => "rec-" + key;

    /// <summary>The DNAT rules of an attachment with conditions, reached only through its elements of the ports maps.</summary>
    public static string DnatChain(string key) => "dnat-" + key;

    /// <summary>The data map a mapping's element is in without conditions (the key is the same as in the verdict map).</summary>
    public static string DataMapOf(string portsMap) => portsMap == PortsAny ? DnatAny : DnatByAddress;

    /// <summary>The verdict map holding the same keys as <paramref name="dataMap"/> (for an attachment with conditions).</summary>
    public static string PortsMapOf(string dataMap) => dataMap == DnatAny ? PortsAny : PortsByAddress;

    public const int DnatPriority = NF_IP_PRI_NAT_DST + 1;
    public const int SnatPriority = NF_IP_PRI_NAT_SRC - 1;
    public const int GuardPriority = NF_IP_PRI_MANGLE;

    public static byte FamilyOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

    public static string FamilyName(byte family) => family == NFPROTO_IPV6 ? "ip6" : "ip";
}
