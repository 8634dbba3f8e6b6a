using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Iptables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Masquerade.Nftables;

/// <summary>
/// Masquerade with no exec on the hot path: one rule per (network, subnet) in our own nf_tables table, written over
/// NETLINK_NETFILTER in one transaction (<see cref="NftMessages.Install"/>). ADD: one netlink round trip. DEL: the
/// network rule stays (other pods use it); only per-pod iptables chains left by the reference plugin are removed,
/// found with one netlink GET per family and removed by <paramref name="legacy"/> (exec) only when present.
/// </summary>
public sealed class NftablesNetlinkBackend : IMasqueradeBackend
{
    private readonly NetlinkSocket _socket;
    private readonly IMasqueradeBackend _legacy;
    private readonly Func<IptablesFamily, bool> _legacyXtablesNatLoaded;

    /// <param name="socket">A NETLINK_NETFILTER socket opened in the node's netns.</param>
    /// <param name="legacy">The iptables backend, used only to remove per-pod chains that exist.</param>
    /// <param name="legacyXtablesNatLoaded">
    /// Whether iptables-legacy has a nat table in this netns (/proc/net/ip_tables_names lists "nat"); legacy
    /// chains are invisible to nf_tables, so then the iptables teardown always runs.
    /// </param>
    public NftablesNetlinkBackend(NetlinkSocket socket, IMasqueradeBackend legacy, Func<IptablesFamily, bool>? legacyXtablesNatLoaded = null)
    {
        _socket = socket;
        _legacy = legacy;
        _legacyXtablesNatLoaded = legacyXtablesNatLoaded ?? LegacyNatLoaded;
    }

    public void Setup(MasqueradeTarget target)
    {
        // Every pod after the first finds its network's rule in place: a read-only dump, no transaction. Rewriting
        // it each time would delete a rule per ADD, and a deleted rule costs the closing process an RCU grace
        // period (~10-20 ms). Missing rules (first pod, or someone flushed the table) are written in one
        // transaction that flushes the chain first, so racing ADDs still leave exactly one rule.
        var missing = new List<SubnetMasquerade>();
        foreach (var subnet in SubnetMasquerade.For(target))
        {
            if (!RulePresent(subnet))
            {
                missing.Add(subnet);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var request = new NetlinkWriter(1024);
        NftMessages.Install(request, missing);
        try
        {
            _socket.Execute(request, "nft add rule", $"table {SubnetMasquerade.Table} masquerade for network {target.NetworkName}");
        }
        catch (ErrnoException e)
        {
            throw new MasqueradeException($"could not install the masquerade rule: {e.Message}", e);
        }
    }

    public void Teardown(MasqueradeTarget target)
    {
        var families = target.Addresses.Count > 0
            ? IptablesFamily.Used(target.Addresses)
            : IptablesFamily.Both;
        var chain = MasqueradeNaming.ChainName(target.NetworkName, target.ContainerId);
        foreach (var family in families)
        {
            if (_legacyXtablesNatLoaded(family) || ChainExists(family == IptablesFamily.V6 ? NFPROTO_IPV6 : NFPROTO_IPV4, "nat", chain))
            {
                _legacy.Teardown(target);
                return;
            }
        }
    }

    public void Check(MasqueradeTarget target)
    {
        foreach (var subnet in SubnetMasquerade.For(target))
        {
            if (!RulePresent(subnet))
            {
                throw new MasqueradeException(
                    $"masquerade rule missing: nft list chain {subnet.FamilyName} {SubnetMasquerade.Table} {subnet.Chain} shows no rule commented '{subnet.Comment}'");
            }
        }
    }

    /// <summary>Whether the subnet's chain holds our rule (matched by its comment); a missing table or chain is no.</summary>
    private bool RulePresent(SubnetMasquerade subnet)
    {
        var expected = NftMessages.CommentUserData(subnet.Comment);
        var request = new NetlinkWriter();
        NftMessages.ListRules(request, subnet);
        try
        {
            var ours = _socket.Dump(request, (NetlinkMessage m, out bool found) => found = HasUserData(m, expected), "nft list chain", subnet.Chain);
            return ours.Contains(true);
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes the network's rules (every subnet, both families): for the bridge when the network's last pod is
    /// gone, or for an operator. Not part of pod teardown, because other pods of the network share the rule.
    /// </summary>
    public void RemoveNetwork(string networkName)
    {
        var chains = new List<(byte, string)>();
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            var request = new NetlinkWriter();
            NftMessages.ListChains(request, family);
            var names = _socket.Dump(request, (NetlinkMessage m, out string chain) => OurChain(m, out chain), "nft list chains", SubnetMasquerade.Table);
            foreach (var name in names)
            {
                if (SubnetMasquerade.IsChainOf(name, networkName))
                {
                    chains.Add((family, name));
                }
            }
        }

        if (chains.Count == 0)
        {
            return;
        }

        var delete = new NetlinkWriter();
        NftMessages.DeleteChains(delete, chains);
        try
        {
            _socket.Execute(delete, "nft delete chain", $"table {SubnetMasquerade.Table} chains of network {networkName}");
        }
        catch (ErrnoException e)
        {
            throw new MasqueradeException($"could not remove the masquerade rules of network {networkName}: {e.Message}", e);
        }
    }

    /// <summary>A chain of our table: NFTA_CHAIN_TABLE is "k8snet"; its NFTA_CHAIN_NAME comes out.</summary>
    private static bool OurChain(NetlinkMessage message, out string chain)
    {
        chain = string.Empty;
        var table = string.Empty;
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type & Linux.Netlink.Wire.NetlinkConstants.NLA_TYPE_MASK)
            {
                case NFTA_CHAIN_TABLE:
                    table = attributes.String;
                    break;
                case NFTA_CHAIN_NAME:
                    chain = attributes.String;
                    break;
            }
        }

        return table == SubnetMasquerade.Table && chain.Length > 0;
    }

    private bool ChainExists(byte family, string table, string chain) => NftQueries.ChainExists(_socket, family, table, chain);

    private static bool HasUserData(NetlinkMessage message, ReadOnlySpan<byte> expected)
    {
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            if ((attributes.Type & Linux.Netlink.Wire.NetlinkConstants.NLA_TYPE_MASK) == NFTA_RULE_USERDATA)
            {
                return attributes.Value.SequenceEqual(expected);
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the legacy nat table is loaded: "nat" is a line of /proc/net/ip[6]_tables_names (absent when the
    /// ip_tables module is not). Read with one open and read: File.ReadLines' stream and reader set-up cost every DEL
    /// about a tenth of a millisecond.
    /// </summary>
    private static bool LegacyNatLoaded(IptablesFamily family)
    {
        var names = family == IptablesFamily.V6 ? "/proc/net/ip6_tables_names" : "/proc/net/ip_tables_names";
        return NoFollow.TryReadRegular(names, out _) is { } bytes && ListsNat(bytes);
    }

    /// <summary>Whether one line of an ip[6]_tables_names listing is "nat".</summary>
    public static bool ListsNat(ReadOnlySpan<byte> tableNames)
    {
        foreach (var line in tableNames.Split((byte)'\n'))
        {
            if (tableNames[line].Trim(" \t\r"u8).SequenceEqual("nat"u8))
            {
                return true;
            }
        }

        return false;
    }
}
