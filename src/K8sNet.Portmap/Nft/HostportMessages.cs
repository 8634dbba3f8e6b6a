using System.Buffers.Binary;
using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using K8sNet.Portmap.Config;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>Pure builders of the hostport table's netlink messages (see <see cref="HostportTable"/> for the layout).</summary>
public static class HostportMessages
{
    public static void Table(NetlinkWriter w, byte family)
    {
        NftMessages.Begin(w, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_ACK, family);
        w.AttributeString(NFTA_TABLE_NAME, HostportTable.Name);
        w.EndMessage();
    }

    /// <summary>"delete table": the table, its chains and rules, in the same transaction.</summary>
    public static void DeleteTable(NetlinkWriter w, byte family)
    {
        NftMessages.Begin(w, NFT_MSG_DELTABLE, NLM_F_ACK, family);
        w.AttributeString(NFTA_TABLE_NAME, HostportTable.Name);
        w.EndMessage();
    }

    /// <summary>"add chain": creates, or accepts an existing one (no NLM_F_EXCL).</summary>
    public static void Chain(NetlinkWriter w, byte family, string chain, uint? hook = null, int priority = 0, string type = "nat")
    {
        NftMessages.Begin(w, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_ACK, family);
        w.AttributeString(NFTA_CHAIN_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_CHAIN_NAME, chain);
        if (hook is { } hookNumber)
        {
            var nested = w.BeginNested(NFTA_CHAIN_HOOK | NLA_F_NESTED);
            w.AttributeU32BigEndian(NFTA_HOOK_HOOKNUM, hookNumber);
            w.AttributeU32BigEndian(NFTA_HOOK_PRIORITY, unchecked((uint)priority));
            w.EndNested(nested);
            w.AttributeU32BigEndian(NFTA_CHAIN_POLICY, NF_ACCEPT);
            w.AttributeString(NFTA_CHAIN_TYPE, type);
        }

        w.EndMessage();
    }

    /// <summary>The chains every pod needs that are not in <paramref name="existing"/>: prerouting and output jump to hostports, postrouting masquerades.</summary>
    public static void BaseChains(NetlinkWriter w, byte family, IReadOnlySet<string> existing)
    {
        if (!existing.Contains(HostportTable.Hostports))
        {
            Chain(w, family, HostportTable.Hostports);
        }

        if (!existing.Contains(HostportTable.Prerouting))
        {
            Chain(w, family, HostportTable.Prerouting, NF_INET_PRE_ROUTING, HostportTable.DnatPriority);
        }

        if (!existing.Contains(HostportTable.Output))
        {
            Chain(w, family, HostportTable.Output, NF_INET_LOCAL_OUT, HostportTable.DnatPriority);
        }

        if (!existing.Contains(HostportTable.Postrouting))
        {
            Chain(w, family, HostportTable.Postrouting, NF_INET_POST_ROUTING, HostportTable.SnatPriority);
        }
    }

    public static void GuardChain(NetlinkWriter w) =>
        Chain(w, NFPROTO_IPV4, HostportTable.Guard, NF_INET_PRE_ROUTING, HostportTable.GuardPriority, "filter");

    /// <summary><c>fib daddr type local jump hostports comment "k8snet-hostport entry"</c>.</summary>
    public static void EntryJump(NetlinkWriter w, byte family, string baseChain)
    {
        var expressions = BeginRule(w, family, baseChain);
        NftExpressions.FibDaddrType(w);
        NftExpressions.Compare(w, NFT_CMP_EQ, HostOrder(RTN_LOCAL));
        NftExpressions.Verdict(w, NFT_JUMP, HostportTable.Hostports);
        EndRule(w, expressions, HostportComment.Entry);
    }

    /// <summary><c>[ip daddr HOSTIP] meta l4proto P th dport H [conditions] counter dnat to POD:C</c>.</summary>
    public static void Dnat(NetlinkWriter w, byte family, string chain, PortMapping m, IPAddress pod, NftConditions? conditions, string comment)
    {
        var expressions = BeginRule(w, family, chain);
        if (m.HostIp is { } hostIp)
        {
            Address(w, family, destination: true, hostIp);
        }

        NftExpressions.Meta(w, NFT_META_L4PROTO);
        NftExpressions.Compare(w, NFT_CMP_EQ, [m.ProtocolNumber]);
        NftExpressions.TransportPayload(w, 2, 2);
        NftExpressions.Compare(w, NFT_CMP_EQ, Port(m.HostPort));
        conditions?.Emit(w);
        NftExpressions.Bare(w, "counter");
        NftExpressions.Immediate(w, NFT_REG_1, pod.GetAddressBytes());
        NftExpressions.Immediate(w, NFT_REG_2, Port(m.ContainerPort));
        NftExpressions.DnatFromRegisters(w, family);
        EndRule(w, expressions, comment);
    }

    /// <summary>
    /// <c>counter comment "…"</c>: a record of what the attachment has, in its own chain that nothing jumps to. It
    /// holds no expression nf_tables validates, so adding it does not make the kernel check the table at commit.
    /// </summary>
    public static void Record(NetlinkWriter w, byte family, string chain, string comment)
    {
        var expressions = BeginRule(w, family, chain);
        NftExpressions.Bare(w, "counter");
        EndRule(w, expressions, comment);
    }

    /// <summary><c>nft flush chain</c> then <c>nft delete chain</c> (no element may still jump to it).</summary>
    public static void DeleteChain(NetlinkWriter w, byte family, string chain)
    {
        FlushChain(w, family, chain);
        NftMessages.Begin(w, NFT_MSG_DELCHAIN, NLM_F_ACK, family);
        w.AttributeString(NFTA_CHAIN_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_CHAIN_NAME, chain);
        w.EndMessage();
    }

    /// <summary><c>nft flush chain</c>: DELRULE naming only the chain removes all its rules.</summary>
    public static void FlushChain(NetlinkWriter w, byte family, string chain)
    {
        NftMessages.Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, family);
        w.AttributeString(NFTA_RULE_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_RULE_CHAIN, chain);
        w.EndMessage();
    }

    /// <summary>GETTABLE of the hostport table (its reply carries NFTA_TABLE_USE), ENOENT when absent.</summary>
    public static void GetTable(NetlinkWriter w, byte family)
    {
        NftMessages.Begin(w, 1 /* NFT_MSG_GETTABLE */, NLM_F_ACK, family);
        w.AttributeString(NFTA_TABLE_NAME, HostportTable.Name);
        w.EndMessage();
    }

    /// <summary><c>iifname != "lo" ip daddr 127.0.0.0/8 counter drop</c>: route_localnet's martian guard.</summary>
    public static void Guard(NetlinkWriter w, string bridge)
    {
        var expressions = BeginRule(w, NFPROTO_IPV4, HostportTable.Guard);
        NftExpressions.Meta(w, NFT_META_IIFNAME);
        NftExpressions.Compare(w, NFT_CMP_NEQ, NftConditions.InterfaceName("lo"));
        NftExpressions.Payload(w, 16, 4);
        NftExpressions.Mask(w, [255, 0, 0, 0]);
        NftExpressions.Compare(w, NFT_CMP_EQ, [127, 0, 0, 0]);
        NftExpressions.Bare(w, "counter");
        NftExpressions.Verdict(w, unchecked((int)NF_DROP));
        EndRule(w, expressions, HostportComment.Guard(bridge));
    }

    public static void DeleteRule(NetlinkWriter w, HostportRule rule)
    {
        NftMessages.Begin(w, NFT_MSG_DELRULE, NLM_F_ACK, rule.Family);
        w.AttributeString(NFTA_RULE_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_RULE_CHAIN, rule.Chain);
        Span<byte> handle = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(handle, rule.Handle);
        w.Attribute(NFTA_RULE_HANDLE, handle);
        w.EndMessage();
    }

    /// <summary>Equivalent to <c>nft -a list table FAMILY k8snet-hostports</c>, rules only.</summary>
    public static void ListRules(NetlinkWriter w, byte family) => NftMessages.ListTableRules(w, family, HostportTable.Name);

    /// <summary>Starts "add rule" (appended) in a chain of the hostport table; returns the open expression list.</summary>
    internal static int BeginRule(NetlinkWriter w, byte family, string chain)
    {
        NftMessages.Begin(w, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, family);
        w.AttributeString(NFTA_RULE_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_RULE_CHAIN, chain);
        return w.BeginNested(NFTA_RULE_EXPRESSIONS | NLA_F_NESTED);
    }

    /// <summary>Closes the expression list and the rule, with its comment.</summary>
    internal static void EndRule(NetlinkWriter w, int expressions, string comment)
    {
        w.EndNested(expressions);
        w.Attribute(NFTA_RULE_USERDATA, NftMessages.CommentUserData(comment));
        w.EndMessage();
    }

    private static void Address(NetlinkWriter w, byte family, bool destination, IPAddress address)
    {
        HostportMaps.LoadAddress(w, family, NFT_REG_1, destination);
        NftExpressions.Compare(w, NFT_CMP_EQ, address.GetAddressBytes());
    }

    private static byte[] Port(int port) => [(byte)(port >> 8), (byte)port];

    /// <summary>fib's route type and ct status are u32 in host byte order on this wire.</summary>
    internal static byte[] HostOrder(uint value) => BitConverter.GetBytes(value);
}
