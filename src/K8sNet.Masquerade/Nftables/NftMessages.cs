using System.Buffers.Binary;
using System.Text;
using K8sNet.Linux.Netlink;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Masquerade.Nftables;

/// <summary>
/// Pure builders of the nf_tables netlink requests (what <c>nft -f</c> would send), compared with golden bytes.
/// A batch is one transaction: NFNL_MSG_BATCH_BEGIN, the changes, NFNL_MSG_BATCH_END.
/// </summary>
public static class NftMessages
{
    /// <summary>
    /// Equivalent to: <c>nft -f -</c> with <c>add table ip k8snet; add chain ip k8snet CHAIN { type nat hook
    /// postrouting priority srcnat; policy accept; }; flush chain ip k8snet CHAIN; add rule …</c> for every subnet.
    /// Idempotent without reading first: "add" (NLM_F_CREATE without NLM_F_EXCL) accepts what exists, and the
    /// flush makes the rule exist exactly once, also after someone deleted or duplicated it.
    /// </summary>
    public static void Install(NetlinkWriter w, IReadOnlyList<SubnetMasquerade> subnets)
    {
        BatchMessage(w, NFNL_MSG_BATCH_BEGIN);
        var families = new List<byte>();
        foreach (var subnet in subnets)
        {
            if (!families.Contains(subnet.Family))
            {
                families.Add(subnet.Family);
            }
        }

        foreach (var family in families)
        {
            Begin(w, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_ACK, family);
            w.AttributeString(NFTA_TABLE_NAME, SubnetMasquerade.Table);
            w.EndMessage();
        }

        foreach (var subnet in subnets)
        {
            NewBaseChain(w, subnet);
            Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, subnet.Family);
            RuleLocation(w, subnet);
            w.EndMessage();
            NewRule(w, subnet);
        }

        BatchMessage(w, NFNL_MSG_BATCH_END);
    }

    /// <summary>Equivalent to: <c>nft list chain ip k8snet CHAIN</c> (a dump of that chain's rules only).</summary>
    public static void ListRules(NetlinkWriter w, SubnetMasquerade subnet) =>
        ListRules(w, subnet.Family, SubnetMasquerade.Table, subnet.Chain);

    /// <summary>Equivalent to: <c>nft -a list chain FAMILY TABLE CHAIN</c>: a dump of that one chain's rules, with handles.</summary>
    public static void ListRules(NetlinkWriter w, byte family, string table, string chain)
    {
        Begin(w, NFT_MSG_GETRULE, NLM_F_DUMP, family);
        w.AttributeString(NFTA_RULE_TABLE, table);
        w.AttributeString(NFTA_RULE_CHAIN, chain);
        w.EndMessage();
    }

    /// <summary>
    /// One transaction equivalent to: <c>nft delete rule FAMILY TABLE RULECHAIN handle H</c> for each handle, then
    /// <c>nft flush chain …; nft delete chain …</c> for each chain, in the order given (a chain that others jump to
    /// goes after them). Fails as a whole, changing nothing, if any part is missing.
    /// </summary>
    public static void DeleteRulesAndChains(NetlinkWriter w, byte family, string table, string ruleChain, IReadOnlyList<ulong> handles, IReadOnlyList<string> chains)
    {
        BatchMessage(w, NFNL_MSG_BATCH_BEGIN);
        Span<byte> handle = stackalloc byte[8];
        foreach (var h in handles)
        {
            Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, family);
            w.AttributeString(NFTA_RULE_TABLE, table);
            w.AttributeString(NFTA_RULE_CHAIN, ruleChain);
            BinaryPrimitives.WriteUInt64BigEndian(handle, h);
            w.Attribute(NFTA_RULE_HANDLE, handle);
            w.EndMessage();
        }

        foreach (var chain in chains)
        {
            Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, family);
            w.AttributeString(NFTA_RULE_TABLE, table);
            w.AttributeString(NFTA_RULE_CHAIN, chain);
            w.EndMessage();
            Begin(w, NFT_MSG_DELCHAIN, NLM_F_ACK, family);
            w.AttributeString(NFTA_CHAIN_TABLE, table);
            w.AttributeString(NFTA_CHAIN_NAME, chain);
            w.EndMessage();
        }

        BatchMessage(w, NFNL_MSG_BATCH_END);
    }

    /// <summary>Equivalent to: <c>nft list table FAMILY TABLE</c>, rules only: every rule of that one table.</summary>
    public static void ListTableRules(NetlinkWriter w, byte family, string table)
    {
        Begin(w, NFT_MSG_GETRULE, NLM_F_DUMP, family);
        w.AttributeString(NFTA_RULE_TABLE, table);
        w.EndMessage();
    }

    /// <summary>Equivalent to: <c>nft list chains FAMILY</c> (every chain of every table of that family).</summary>
    public static void ListChains(NetlinkWriter w, byte family)
    {
        Begin(w, NFT_MSG_GETCHAIN, NLM_F_DUMP, family);
        w.EndMessage();
    }

    /// <summary>Equivalent to: <c>nft flush chain …; nft delete chain …</c> for each chain, in one transaction.</summary>
    public static void DeleteChains(NetlinkWriter w, IReadOnlyList<(byte Family, string Chain)> chains)
    {
        BatchMessage(w, NFNL_MSG_BATCH_BEGIN);
        foreach (var (family, chain) in chains)
        {
            Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, family);
            w.AttributeString(NFTA_RULE_TABLE, SubnetMasquerade.Table);
            w.AttributeString(NFTA_RULE_CHAIN, chain);
            w.EndMessage();
            Begin(w, NFT_MSG_DELCHAIN, NLM_F_ACK, family);
            w.AttributeString(NFTA_CHAIN_TABLE, SubnetMasquerade.Table);
            w.AttributeString(NFTA_CHAIN_NAME, chain);
            w.EndMessage();
        }

        BatchMessage(w, NFNL_MSG_BATCH_END);
    }

    /// <summary>Equivalent to: <c>nft list chain FAMILY TABLE CHAIN</c> without its rules: ENOENT when absent.</summary>
    public static void GetChain(NetlinkWriter w, byte family, string table, string chain)
    {
        Begin(w, NFT_MSG_GETCHAIN, NLM_F_ACK, family);
        w.AttributeString(NFTA_CHAIN_TABLE, table);
        w.AttributeString(NFTA_CHAIN_NAME, chain);
        w.EndMessage();
    }

    /// <summary>The NFTA_RULE_USERDATA nft shows as <c>comment "…"</c>: one TLV {u8 type, u8 length, NUL-terminated text}.</summary>
    public static byte[] CommentUserData(string comment)
    {
        var text = Encoding.UTF8.GetBytes(comment + "\0");
        if (text.Length > byte.MaxValue)
        {
            throw new MasqueradeException($"nftables rule comment '{comment}' is longer than 254 bytes; shorten the network name");
        }

        return [NFTNL_UDATA_RULE_COMMENT, (byte)text.Length, .. text];
    }

    private static void NewBaseChain(NetlinkWriter w, SubnetMasquerade subnet)
    {
        Begin(w, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_ACK, subnet.Family);
        w.AttributeString(NFTA_CHAIN_TABLE, SubnetMasquerade.Table);
        w.AttributeString(NFTA_CHAIN_NAME, subnet.Chain);
        var hook = w.BeginNested(NFTA_CHAIN_HOOK | NLA_F_NESTED);
        w.AttributeU32BigEndian(NFTA_HOOK_HOOKNUM, NF_INET_POST_ROUTING);
        w.AttributeU32BigEndian(NFTA_HOOK_PRIORITY, NF_IP_PRI_NAT_SRC);
        w.EndNested(hook);
        w.AttributeU32BigEndian(NFTA_CHAIN_POLICY, NF_ACCEPT);
        w.AttributeString(NFTA_CHAIN_TYPE, "nat");
        w.EndMessage();
    }

    /// <summary><c>ip saddr SUBNET ip daddr != SUBNET ip daddr != MULTICAST counter masquerade comment "…"</c>.</summary>
    private static void NewRule(NetlinkWriter w, SubnetMasquerade subnet)
    {
        var length = (uint)subnet.AddressLength;
        var mask = SubnetMasquerade.Mask(subnet.PrefixLength, subnet.AddressLength);
        var network = subnet.Network.GetAddressBytes();

        Begin(w, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, subnet.Family);
        RuleLocation(w, subnet);
        var expressions = w.BeginNested(NFTA_RULE_EXPRESSIONS | NLA_F_NESTED);
        NftExpressions.Payload(w, subnet.SourceOffset, length);
        NftExpressions.Mask(w, mask);
        NftExpressions.Compare(w, NFT_CMP_EQ, network);
        NftExpressions.Payload(w, subnet.DestinationOffset, length);
        NftExpressions.Mask(w, mask);
        NftExpressions.Compare(w, NFT_CMP_NEQ, network);
        NftExpressions.Payload(w, subnet.DestinationOffset, length);
        NftExpressions.Mask(w, SubnetMasquerade.Mask(subnet.MulticastPrefix, subnet.AddressLength));
        NftExpressions.Compare(w, NFT_CMP_NEQ, subnet.MulticastNetwork.GetAddressBytes());
        NftExpressions.Bare(w, "counter");
        NftExpressions.Bare(w, "masq");
        w.EndNested(expressions);
        w.Attribute(NFTA_RULE_USERDATA, CommentUserData(subnet.Comment));
        w.EndMessage();
    }

    private static void RuleLocation(NetlinkWriter w, SubnetMasquerade subnet)
    {
        w.AttributeString(NFTA_RULE_TABLE, SubnetMasquerade.Table);
        w.AttributeString(NFTA_RULE_CHAIN, subnet.Chain);
    }

    /// <summary>Starts one nf_tables message (nlmsghdr + nfgenmsg) of <paramref name="family"/>.</summary>
    public static void Begin(NetlinkWriter w, byte message, ushort flags, byte family)
    {
        w.BeginMessage(MessageType(message), flags);
        w.Write(new NfGenMsg { nfgen_family = family, version = NFNETLINK_V0 });
    }

    /// <summary>Batch delimiters name the subsystem in res_id (big-endian), family AF_UNSPEC.</summary>
    public static void BatchMessage(NetlinkWriter w, ushort type)
    {
        w.BeginMessage(type, 0);
        w.Write(new NfGenMsg { version = NFNETLINK_V0, res_id = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness((ushort)NFNL_SUBSYS_NFTABLES) : NFNL_SUBSYS_NFTABLES });
        w.EndMessage();
    }
}
