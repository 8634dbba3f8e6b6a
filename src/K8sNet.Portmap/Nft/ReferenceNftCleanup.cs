using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The reference portmap's nftables backend (v1.6+, portmap_nftables.go) keeps its rules in tables ip/ip6
/// cni_hostport, each commented with the bare container ID, in chains hostports, hostip_hostports and masquerading.
/// K8sNet's DEL removes that attachment's rules there too, in one transaction, so a node moved from the reference
/// with pods running keeps nothing of a deleted pod. Nothing there costs one dump per family (ENOENT).
/// </summary>
public static class ReferenceNftCleanup
{
    public const string Table = "cni_hostport";
    private static readonly string[] Chains = ["hostports", "hostip_hostports", "masquerading"];

    /// <returns>How many rules were removed.</returns>
    public static int Remove(NetlinkSocket socket, string containerId)
    {
        var doomed = new List<(byte Family, string Chain, ulong Handle)>();
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            var request = new NetlinkWriter();
            Masquerade.Nftables.NftMessages.ListTableRules(request, family, Table);
            try
            {
                foreach (var rule in socket.Dump(request, (NetlinkMessage m, out HostportRule r) => HostportRuleReader.Parse(m, family, Table, out r), "nft list table", $"{HostportTable.FamilyName(family)} {Table}"))
                {
                    if (rule.Comment == containerId && Chains.Contains(rule.Chain))
                    {
                        doomed.Add((family, rule.Chain, rule.Handle));
                    }
                }
            }
            catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
            {
            }
        }

        if (doomed.Count == 0)
        {
            return 0;
        }

        var batch = new NetlinkWriter();
        Masquerade.Nftables.NftMessages.BatchMessage(batch, NFNL_MSG_BATCH_BEGIN);
        Span<byte> bytes = stackalloc byte[8];
        foreach (var (family, chain, handle) in doomed)
        {
            Masquerade.Nftables.NftMessages.Begin(batch, NFT_MSG_DELRULE, Linux.Netlink.Wire.NetlinkConstants.NLM_F_ACK, family);
            batch.AttributeString(NFTA_RULE_TABLE, Table);
            batch.AttributeString(NFTA_RULE_CHAIN, chain);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, handle);
            batch.Attribute(NFTA_RULE_HANDLE, bytes);
            batch.EndMessage();
        }

        Masquerade.Nftables.NftMessages.BatchMessage(batch, NFNL_MSG_BATCH_END);
        socket.Execute(batch, "nft delete rule", $"{Table} rules of container {containerId} (reference portmap)");
        return doomed.Count;
    }
}
