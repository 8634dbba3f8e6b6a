using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// What one verb reads of a family's hostport table: the small shared chains, the attachment's own chains, single
/// elements by key, and use counts. None of it grows with the number of other attachments, except the count of a
/// bridge's localhost set, which only DEL reads, when the attachment had a localhost mapping there.
/// </summary>
public sealed class HostportState
{
    private const ushort NFTA_TABLE_USE = 3;
    private const ushort NFTA_CHAIN_USE = 6;

    public required byte Family { get; init; }

    /// <summary>Rules of the shared chains by chain name (prerouting, output, hostports, postrouting, localnet-guard).</summary>
    public required Dictionary<string, List<HostportRule>> Shared { get; init; }

    /// <summary>The attachment's records and (with conditions) its DNAT rules, empty when it has none in this family.</summary>
    public required List<HostportRule> Own { get; init; }

    public bool Has(string chain) => Shared.TryGetValue(chain, out var rules) && rules.Count > 0;

    public List<HostportRule> Rules(string chain) => Shared.TryGetValue(chain, out var rules) ? rules : [];

    public bool HasOwn(string chain) => Own.Any(r => r.Chain == chain);

    public static HostportState Read(NetlinkSocket socket, byte family, string key, bool shared)
    {
        var chains = new Dictionary<string, List<HostportRule>>(StringComparer.Ordinal);
        if (shared)
        {
            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output, HostportTable.Hostports, HostportTable.Postrouting })
            {
                chains[chain] = HostportRuleReader.ReadChain(socket, family, chain);
            }

            if (family == NFPROTO_IPV4)
            {
                chains[HostportTable.Guard] = HostportRuleReader.ReadChain(socket, family, HostportTable.Guard);
            }
        }

        var own = HostportRuleReader.ReadChain(socket, family, HostportTable.RecordChain(key));
        own.AddRange(HostportRuleReader.ReadChain(socket, family, HostportTable.DnatChain(key)));
        return new HostportState { Family = family, Shared = chains, Own = own.Where(r => r.Key == key).ToList() };
    }

    /// <summary>How many chains and maps the table holds (NFTA_TABLE_USE); null when there is no table.</summary>
    public static uint? TableUse(NetlinkSocket socket, byte family)
    {
        var request = new NetlinkWriter();
        HostportMessages.GetTable(request, family);
        return Use(socket, request, NFTA_TABLE_USE, $"{HostportTable.FamilyName(family)} {HostportTable.Name}");
    }

    /// <summary>How many rules and elements jump to a chain (NFTA_CHAIN_USE); null when it does not exist.</summary>
    public static uint? ChainUse(NetlinkSocket socket, byte family, string chain)
    {
        var request = new NetlinkWriter();
        Masquerade.Nftables.NftMessages.GetChain(request, family, HostportTable.Name, chain);
        return Use(socket, request, NFTA_CHAIN_USE, $"{HostportTable.FamilyName(family)} {HostportTable.Name} {chain}");
    }

    /// <summary>The element of <paramref name="key"/> in <paramref name="set"/>: its jump, datum and comment; null when there is none.</summary>
    public static (string Jump, byte[] Datum, string Comment)? Element(NetlinkSocket socket, byte family, string set, byte[] key)
    {
        var request = new NetlinkWriter();
        HostportElements.GetElement(request, family, set, key);
        (string, byte[], string)? found = null;
        var failure = socket.TryExecute(request, "nft get element", $"{HostportTable.FamilyName(family)} {HostportTable.Name} {set}", reply => found = HostportElements.ValueOf(reply));
        if (failure is { Errno: Errno.ENOENT })
        {
            return null;
        }

        return failure is null ? found : throw failure;
    }

    /// <summary>How many elements <paramref name="set"/> holds (one dump); 0 when it does not exist.</summary>
    public static int ElementCount(NetlinkSocket socket, byte family, string set)
    {
        var request = new NetlinkWriter();
        HostportElements.ListElements(request, family, set);
        try
        {
            return socket.Dump(request, (NetlinkMessage m, out int count) => { count = HostportElements.CountOf(m); return true; }, "nft list set", $"{HostportTable.FamilyName(family)} {HostportTable.Name} {set}").Sum();
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
        {
            return 0;
        }
    }

    private static uint? Use(NetlinkSocket socket, NetlinkWriter request, ushort attribute, string target)
    {
        uint? use = null;
        var failure = socket.TryExecute(request, "nft get", target, reply => use = HostportElements.UseOf(reply, attribute));
        if (failure is { Errno: Errno.ENOENT })
        {
            return null;
        }

        return failure is null ? use : throw failure;
    }
}
