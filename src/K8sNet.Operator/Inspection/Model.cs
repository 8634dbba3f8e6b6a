using K8sNet.Operator.Config;
using K8sNet.Operator.Leases;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Inspection;

/// <summary>The pod end of an attachment as seen inside the pod netns (<c>eth0@if7</c>: PeerIndex is the 7).</summary>
public sealed record PodInterface(string Name, int Index, int? PeerIndex, string? Mac, int Mtu, bool Up, IReadOnlyList<string> Addresses);

/// <summary>A link in the node netns: a host veth (bridge port) or the bridge itself.</summary>
/// <param name="Alias">IFLA_IFALIAS; K8sNet's host veths carry "k8snet/&lt;network&gt;/&lt;containerID&gt;/&lt;ifname&gt;".</param>
public sealed record NodeLink(string Name, int Index, string? Kind, string? Mac, int Mtu, bool Up, int? MasterIndex, int? PeerIndex, bool Hairpin, string? Alias = null);

/// <summary>The bridge of a network with its addresses and ports.</summary>
public sealed record BridgeView(NodeLink Link, IReadOnlyList<string> Addresses, IReadOnlyList<NodeLink> Ports);

/// <summary>
/// One (container, ifname) that holds leases, and what of it exists: the netns recorded at ADD time (with its
/// inode), the pod interface, the host veth it pairs with, routes in the pod, the lease files and NAT chains.
/// </summary>
public sealed record Attachment(
    string Network,
    string ContainerId,
    string IfName,
    string NetNs,
    bool NetNsExists,
    ulong? NetNsInode,
    PodInterface? Pod,
    NodeLink? HostVeth,
    IReadOnlyList<string> Routes,
    IReadOnlyList<LeaseRow> Leases,
    IReadOnlyList<NatChain> Chains)
{
    public DateTime? OldestLeaseUtc
    {
        get
        {
            // A loop: LINQ over DateTime? would add its iterator classes to the AOT image (issue 7).
            DateTime? oldest = null;
            foreach (var lease in Leases)
            {
                if (lease.WrittenUtc is { } written && (oldest is null || written < oldest))
                {
                    oldest = written;
                }
            }

            return oldest;
        }
    }
}

/// <summary>One network of the node: its config, bridge (null when absent) and attachments.</summary>
/// <param name="MasqueradeRules">
/// The network's rules of the nftables backend (one per subnet, shared by its pods); null when nf_tables could not be read.
/// </param>
/// <param name="HostPorts">The network's hostPort DNAT rules (K8sNet as portmap, nftables backend); null when unreadable.</param>
public sealed record NetworkView(K8sNetNetwork Config, BridgeView? Bridge, IReadOnlyList<Attachment> Attachments, IReadOnlyList<SubnetRule>? MasqueradeRules = null,
    IReadOnlyList<Portmap.Nft.HostportRule>? HostPorts = null)
{
    /// <summary>The hostPorts mapped to <paramref name="a"/>.</summary>
    public IReadOnlyList<Portmap.Nft.HostportRule> HostPortsOf(Attachment a) =>
        (HostPorts ?? []).Where(r => r.ContainerId == a.ContainerId && r.IfName == a.IfName).ToList();

    /// <summary>The network rule that masquerades <paramref name="lease"/>'s address, if any.</summary>
    public SubnetRule? RuleFor(LeaseRow lease)
    {
        foreach (var rule in MasqueradeRules ?? [])
        {
            if (rule.Covers(lease.Ip))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>The leases (pod addresses) whose traffic leaves through <paramref name="rule"/>.</summary>
    public IReadOnlyList<LeaseRow> CoveredBy(SubnetRule rule)
    {
        var covered = new List<LeaseRow>();
        foreach (var attachment in Attachments)
        {
            foreach (var lease in attachment.Leases)
            {
                if (rule.Covers(lease.Ip))
                {
                    covered.Add(lease);
                }
            }
        }

        return covered;
    }
}

/// <summary>Everything inspect saw, plus what does not add up.</summary>
/// <param name="Chains">Every pod masquerade chain of the node netns, owned or not.</param>
/// <param name="Notes">What could not be looked at (no iptables, unreadable netns) and why.</param>
public sealed record NodeView(
    DateTime TakenUtc,
    IReadOnlyList<NetworkView> Networks,
    IReadOnlyList<NatChain> Chains,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes);
