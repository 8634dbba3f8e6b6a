using System.Net;
using System.Net.Sockets;
using K8sNet.Portmap.Config;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// What one attachment's rules are in one family: pure, so a unit test can read it. ADD writes it, CHECK compares
/// the kernel's rules with it.
/// </summary>
public sealed class HostportPlan
{
    public required Attachment Attachment { get; init; }

    public required byte Family { get; init; }

    public required IPAddress Pod { get; init; }

    public required IReadOnlyList<PortMapping> Mappings { get; init; }

    public NftConditions? Conditions { get; init; }

    /// <summary>Hairpin masquerade (source = the pod), or every source with masqAll; none without snat.</summary>
    public IPNetwork? MasqueradeSource { get; init; }

    public bool Masquerade { get; init; }

    /// <summary>The bridge that needs route_localnet for 127.0.0.1:hostPort (IPv4, snat, not masqAll); null if none.</summary>
    public string? LocalhostBridge { get; init; }

    public static HostportPlan? For(Attachment attachment, PortmapConf conf, IPAddress pod, Func<IPAddress, string?> interfaceTowards)
    {
        var family = pod.AddressFamily;
        var mappings = conf.Mappings.Where(m => m.AppliesTo(family)).ToList();
        if (mappings.Count == 0)
        {
            return null;
        }

        var v6 = family == AddressFamily.InterNetworkV6;
        var conditions = v6 ? conf.ConditionsV6 : conf.ConditionsV4;
        string? bridge = null;
        if (!v6 && conf.Snat && !conf.MasqAll && mappings.Any(m => m.ReachableOnLocalhost))
        {
            bridge = interfaceTowards(pod);
        }

        return new HostportPlan
        {
            Attachment = attachment,
            Family = v6 ? NFPROTO_IPV6 : NFPROTO_IPV4,
            Pod = pod,
            Mappings = mappings,
            Conditions = conditions.Count > 0 ? NftConditions.Parse(conditions, family, v6 ? "conditionsV6" : "conditionsV4") : null,
            Masquerade = conf.Snat,
            MasqueradeSource = conf.MasqAll ? null : new IPNetwork(pod, v6 ? 128 : 32),
            LocalhostBridge = bridge,
        };
    }

    public IEnumerable<string> DnatComments() => Mappings.Select(m => HostportComment.Dnat(Attachment, m, Pod));
}
