using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// Pure builders of the hostport table's verdict maps and the rules that look them up (see <see cref="HostportTable"/>;
/// the elements are <see cref="HostportElements"/>). A concatenated key is loaded one 32-bit register per field.
/// </summary>
public static class HostportMaps
{
    private const byte NFT_MSG_NEWSET = 9;
    private const ushort NFTA_SET_TABLE = 1, NFTA_SET_NAME = 2, NFTA_SET_FLAGS = 3, NFTA_SET_KEY_TYPE = 4, NFTA_SET_KEY_LEN = 5;
    private const ushort NFTA_SET_DATA_TYPE = 6, NFTA_SET_ID = 10;
    private const uint NFT_SET_MAP = 0x8;
    private const uint NFT_DATA_VERDICT = 0xffffff00;
    private const ushort NFTA_LOOKUP_SET = 1, NFTA_LOOKUP_SREG = 2, NFTA_LOOKUP_DREG = 3;
    private const uint NFT_REG32_00 = 8;

    /// <summary>nft's datatype ids (for <c>nft list</c> only; the kernel compares bytes): concatenations shift by 6 bits.</summary>
    private const uint TypeIpv4 = 7, TypeIpv6 = 8, TypeProto = 12, TypeService = 13;

    /// <summary>The three maps of a family, created with the table (an existing one is accepted unchanged).</summary>
    public static void Maps(NetlinkWriter w, byte family, ref uint setId)
    {
        var address = family == NFPROTO_IPV6 ? TypeIpv6 : TypeIpv4;
        var addressLength = family == NFPROTO_IPV6 ? 16u : 4u;
        Map(w, family, HostportTable.PortsByAddress, (((address << 6) | TypeProto) << 6) | TypeService, addressLength + 8, ++setId);
        Map(w, family, HostportTable.PortsAny, (TypeProto << 6) | TypeService, 8, ++setId);
        Map(w, family, HostportTable.MasqueradeMap, address, addressLength, ++setId);
    }

    private static void Map(NetlinkWriter w, byte family, string name, uint keyType, uint keyLength, uint id)
    {
        NftMessages.Begin(w, NFT_MSG_NEWSET, NLM_F_CREATE | NLM_F_ACK, family);
        w.AttributeString(NFTA_SET_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_SET_NAME, name);
        w.AttributeU32BigEndian(NFTA_SET_FLAGS, NFT_SET_MAP);
        w.AttributeU32BigEndian(NFTA_SET_KEY_TYPE, keyType);
        w.AttributeU32BigEndian(NFTA_SET_KEY_LEN, keyLength);
        w.AttributeU32BigEndian(NFTA_SET_DATA_TYPE, NFT_DATA_VERDICT);
        w.AttributeU32BigEndian(NFTA_SET_ID, id);
        w.EndMessage();
    }

    /// <summary>
    /// The rules of the hostports chain: <c>ip daddr . meta l4proto . th dport vmap @ports-ip</c>, then
    /// <c>meta l4proto . th dport vmap @ports-any</c> (a mapping on one hostIP is tried before one on every address).
    /// </summary>
    public static void PortLookups(NetlinkWriter w, byte family)
    {
        var v6 = family == NFPROTO_IPV6;
        var expressions = BeginRule(w, family, HostportTable.Hostports);
        Load(w, "payload", NFT_REG32_00, NFT_PAYLOAD_NETWORK_HEADER, v6 ? 24u : 16u, v6 ? 16u : 4u);
        var next = NFT_REG32_00 + (v6 ? 4u : 1u);
        Load(w, "meta", next, 0, 0, 0);
        Load(w, "payload", next + 1, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
        Lookup(w, HostportTable.PortsByAddress);
        EndRule(w, expressions);

        expressions = BeginRule(w, family, HostportTable.Hostports);
        Load(w, "meta", NFT_REG32_00, 0, 0, 0);
        Load(w, "payload", NFT_REG32_00 + 1, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
        Lookup(w, HostportTable.PortsAny);
        EndRule(w, expressions);
    }

    /// <summary>The rule of the postrouting chain: <c>ip daddr vmap @masquerade</c>.</summary>
    public static void MasqueradeLookup(NetlinkWriter w, byte family)
    {
        var v6 = family == NFPROTO_IPV6;
        var expressions = BeginRule(w, family, HostportTable.Postrouting);
        Load(w, "payload", NFT_REG32_00, NFT_PAYLOAD_NETWORK_HEADER, v6 ? 24u : 16u, v6 ? 16u : 4u);
        Lookup(w, HostportTable.MasqueradeMap);
        EndRule(w, expressions);
    }

    /// <summary>payload (base, offset, length) or meta l4proto into a 32-bit register.</summary>
    private static void Load(NetlinkWriter w, string name, uint register, uint payloadBase, uint offset, uint length)
    {
        var element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        w.AttributeString(NFTA_EXPR_NAME, name);
        var data = w.BeginNested(NFTA_EXPR_DATA | NLA_F_NESTED);
        if (name == "meta")
        {
            w.AttributeU32BigEndian(NFTA_META_DREG, register);
            w.AttributeU32BigEndian(NFTA_META_KEY, NFT_META_L4PROTO);
        }
        else
        {
            w.AttributeU32BigEndian(NFTA_PAYLOAD_DREG, register);
            w.AttributeU32BigEndian(NFTA_PAYLOAD_BASE, payloadBase);
            w.AttributeU32BigEndian(NFTA_PAYLOAD_OFFSET, offset);
            w.AttributeU32BigEndian(NFTA_PAYLOAD_LEN, length);
        }

        w.EndNested(data);
        w.EndNested(element);
    }

    /// <summary><c>vmap @MAP</c>: the key from register 8 on, the verdict register gets the element's jump.</summary>
    private static void Lookup(NetlinkWriter w, string map)
    {
        var element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        w.AttributeString(NFTA_EXPR_NAME, "lookup");
        var data = w.BeginNested(NFTA_EXPR_DATA | NLA_F_NESTED);
        w.AttributeString(NFTA_LOOKUP_SET, map);
        w.AttributeU32BigEndian(NFTA_LOOKUP_SREG, NFT_REG32_00);
        w.AttributeU32BigEndian(NFTA_LOOKUP_DREG, NFT_REG_VERDICT);
        w.EndNested(data);
        w.EndNested(element);
    }

    private static int BeginRule(NetlinkWriter w, byte family, string chain)
    {
        NftMessages.Begin(w, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, family);
        w.AttributeString(NFTA_RULE_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_RULE_CHAIN, chain);
        return w.BeginNested(NFTA_RULE_EXPRESSIONS | NLA_F_NESTED);
    }

    private static void EndRule(NetlinkWriter w, int expressions)
    {
        w.EndNested(expressions);
        w.Attribute(NFTA_RULE_USERDATA, NftMessages.CommentUserData(HostportComment.Lookup));
        w.EndMessage();
    }
}
