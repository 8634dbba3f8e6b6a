using K8sNet.Masquerade;
using K8sNet.Operator.Config;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Leases;
using K8sNet.Operator.Nat;

namespace K8sNet.Operator.Tests;

/// <summary>Hand-built node views: a bridge cnio0 (ifindex 2) and attachments in whatever state a test needs.</summary>
internal static class NodeViews
{
    public static readonly K8sNetNetwork Network = new("/etc/cni/net.d/10-bridge.conf", "bridge", "cnio0", true, "/var/lib/cni/networks/bridge");

    public static NodeLink Bridge => new("cnio0", 2, "bridge", "aa:bb:cc:dd:ee:ff", 1500, true, null, null, false);

    public static NodeLink Veth(string name, int index, int peer = 2) => new(name, index, "veth", "ee:00:00:00:00:01", 1500, true, 2, peer, false);

    public static Attachment Healthy(string id, int vethIndex, string ip) =>
        Attachment(id, ip, netnsExists: true) with
        {
            Pod = new PodInterface("eth0", 2, vethIndex, "0a:58:0a:c8:00:02", 1500, true, [ip + "/24"]),
            HostVeth = Veth("veth" + id, vethIndex),
            Routes = ["default via 10.200.0.1 dev eth0", "10.200.0.0/24 dev eth0"],
            NetNsInode = 4026532000,
        };

    public static Attachment Attachment(string id, string ip, bool netnsExists, string? netns = null) =>
        new("bridge", id, "eth0", netns ?? $"/run/netns/{id}", netnsExists, null, null, null, [],
            [new LeaseRow("bridge", id, "eth0", ip, netns ?? $"/run/netns/{id}", $"/var/lib/cni/networks/bridge/{ip}", DateTime.UtcNow)],
            [Chain(id)]);

    public static NatChain Chain(string id, string network = "bridge") =>
        new("IPv4", MasqueradeNaming.ChainName(network, id), network, id, 7, 420, [], []);

    public static NodeView View(IReadOnlyList<Attachment> attachments, IReadOnlyList<NodeLink>? extraPorts = null, IReadOnlyList<NatChain>? extraChains = null)
    {
        var ports = attachments.Where(a => a.HostVeth is not null).Select(a => a.HostVeth!).Concat(extraPorts ?? []).ToList();
        var networks = new List<NetworkView> { new(Network, new BridgeView(Bridge, ["10.200.0.1/24"], ports), attachments) };
        var chains = attachments.SelectMany(a => a.Chains).Concat(extraChains ?? []).ToList();
        return new NodeView(DateTime.UtcNow, networks, chains, ConsistencyAnalyzer.Analyze(networks, chains), []);
    }
}
