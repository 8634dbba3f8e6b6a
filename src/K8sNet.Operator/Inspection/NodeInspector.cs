using System.Globalization;
using System.Net.Sockets;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade;
using K8sNet.Operator.Config;
using K8sNet.Operator.Leases;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Inspection;

/// <summary>
/// Looks at the node as it is, from the netns the command runs in (the node's). Links are listed first, then NAT
/// chains, then leases: an ADD takes its lease before it makes a veth or a chain, so whatever link or chain was seen
/// already has its lease on disk, and a concurrent ADD cannot show up as an orphan.
/// </summary>
public sealed class NodeInspector(NatTableReader nat, Func<(IReadOnlyList<SubnetRule> Rules, IReadOnlyList<string> Notes)>? networkRules = null)
{
    private readonly Func<(IReadOnlyList<SubnetRule> Rules, IReadOnlyList<string> Notes)> _readNetworkRules = networkRules ?? SubnetRuleReader.Read;

    public NodeView Inspect(IReadOnlyList<K8sNetNetwork> networks)
    {
        var notes = new List<string>();
        using var node = RouteNetlink.Open();
        var links = node.ListLinks();
        var addresses = node.ListAddresses();
        var (chains, natNotes) = nat.Read();
        notes.AddRange(natNotes);
        // Per-pod chains are the iptables backend's; the nftables default has one rule per network subnet. Both are
        // read before the leases, like the links, so a rule an ADD just wrote always has that ADD's lease in view.
        var (rules, ruleNotes) = _readNetworkRules();
        notes.AddRange(ruleNotes);
        var rulesKnown = ruleNotes.Count == 0;
        var hostPorts = ReadHostPorts(notes);
        var views = networks.Select(n => InspectNetwork(n, links, addresses, chains, notes) with
        {
            MasqueradeRules = rulesKnown ? rules.Where(r => r.Network == n.Name).ToList() : null,
            HostPorts = hostPorts?.Where(r => r.Network == n.Name).ToList(),
        }).ToList();
        return new NodeView(DateTime.UtcNow, views, chains, ConsistencyAnalyzer.Analyze(views, chains, chainsKnown: natNotes.Count == 0), notes);
    }

    /// <summary>The hostPort DNAT rules of table ip/ip6 k8snet-hostports (read before the leases, like the rest).</summary>
    private static List<Portmap.Nft.HostportRule>? ReadHostPorts(List<string> notes)
    {
        try
        {
            using var socket = Linux.Netlink.NetlinkSocket.Open(Linux.Netlink.Wire.NetlinkConstants.NETLINK_NETFILTER);
            return Portmap.Nft.HostportRuleReader.ReadBoth(socket).Where(r => r.Kind == "dnat").ToList();
        }
        catch (ErrnoException ex)
        {
            notes.Add($"cannot read the hostPort rules: {ex.Message}");
            return null;
        }
    }

    private static NetworkView InspectNetwork(K8sNetNetwork network, List<Link> links, List<InterfaceAddress> addresses, IReadOnlyList<NatChain> chains, List<string> notes)
    {
        var bridgeLink = links.FirstOrDefault(l => l.Name == network.Bridge && l.Kind == "bridge");
        BridgeView? bridge = bridgeLink is null
            ? null
            : new BridgeView(
                ToNodeLink(bridgeLink),
                addresses.Where(a => a.Index == bridgeLink.Index).Select(a => a.ToString()).ToList(),
                links.Where(l => l.MasterIndex == bridgeLink.Index).Select(ToNodeLink).ToList());
        var attachments = LeaseReader.Read(network)
            .GroupBy(l => $"{l.ContainerId}\n{l.IfName}", StringComparer.Ordinal)
            .Select(g => InspectAttachment(network, g.ToList(), links, chains, notes))
            .ToList();
        return new NetworkView(network, bridge, attachments);
    }

    private static Attachment InspectAttachment(K8sNetNetwork network, List<LeaseRow> leases, List<Link> links, IReadOnlyList<NatChain> chains, List<string> notes)
    {
        var (id, ifName) = (leases[0].ContainerId, leases[0].IfName);
        var netnsPath = leases.Select(l => l.NetNs).FirstOrDefault(p => p.Length > 0) ?? string.Empty;
        var chainName = MasqueradeNaming.ChainName(network.Name, id);
        var ownChains = chains.Where(c => c.Name == chainName).ToList();
        var attachment = new Attachment(network.Name, id, ifName, netnsPath, false, null, null, null, [], leases, ownChains);
        if (netnsPath.Length == 0 || !Path.Exists(netnsPath))
        {
            return attachment;
        }

        try
        {
            using var netns = NetNs.Open(netnsPath);
            var inode = NetNsInode(netns);
            using var pod = RouteNetlink.Open(netns);
            var podLinks = pod.ListLinks();
            var link = podLinks.FirstOrDefault(l => l.Name == ifName);
            if (link is null)
            {
                return attachment with { NetNsExists = true, NetNsInode = inode };
            }

            var podInterface = new PodInterface(
                link.Name, link.Index, link.PeerIndex, link.Mac?.ToString(), link.Mtu, link.IsUp,
                pod.ListAddresses(link.Index).Select(a => a.ToString()).ToList());
            // The peer index names a link in the node netns; it is ours only if that link points back at the pod end.
            var host = links.FirstOrDefault(l => l.Index == link.PeerIndex && l.Kind == "veth" && l.PeerIndex == link.Index);
            return attachment with
            {
                NetNsExists = true,
                NetNsInode = inode,
                Pod = podInterface,
                HostVeth = host is null ? null : ToNodeLink(host),
                Routes = Routes(pod, podLinks),
            };
        }
        catch (ErrnoException ex)
        {
            notes.Add($"{id}/{ifName}: cannot look into {netnsPath}: {ex.Message}");
            return attachment with { NetNsExists = ex.Errno != Errno.ENOENT };
        }
    }

    /// <summary>Like `ip route` and `ip -6 route` in the pod (main table; IPv6 link-local noise left out).</summary>
    private static List<string> Routes(RouteNetlink pod, List<Link> podLinks)
    {
        var names = podLinks.ToDictionary(l => l.Index, l => l.Name);
        return pod.ListRoutes(AddressFamily.InterNetwork).Concat(pod.ListRoutes(AddressFamily.InterNetworkV6))
            .Where(r => !(r.Destination.BaseAddress.IsIPv6LinkLocal || r.Destination.BaseAddress.IsIPv6Multicast))
            .Select(r => FormatRoute(r, names))
            .ToList();
    }

    public static string FormatRoute(Route route, IReadOnlyDictionary<int, string> names)
    {
        var text = route.IsDefault ? "default" : route.Destination.ToString();
        if (route.Gateway is not null)
        {
            text += $" via {route.Gateway}";
        }

        if (route.OutputIndex is { } index)
        {
            text += $" dev {(names.TryGetValue(index, out var name) ? name : "#" + index.ToString(CultureInfo.InvariantCulture))}";
        }

        return text;
    }

    /// <summary>
    /// The inode `ls -iL` and `lsns` show. An fd opened from a bind mount reads back as the mount's path, so the
    /// namespace's own "net:[4026532…]" link is read from inside it (one readlink on a throwaway thread).
    /// </summary>
    private static ulong? NetNsInode(NetNs netns)
    {
        var target = NetNsRunner.Run(netns, () => new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        return target is not null && target.StartsWith("net:[", StringComparison.Ordinal)
            && ulong.TryParse(target.AsSpan(5, target.Length - 6), CultureInfo.InvariantCulture, out var inode) ? inode : null;
    }

    private static NodeLink ToNodeLink(Link link) =>
        new(link.Name, link.Index, link.Kind, link.Mac?.ToString(), link.Mtu, link.IsUp, link.MasterIndex, link.PeerIndex, link.BridgePort?.Hairpin ?? false, link.Alias);
}
