using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// Pure builders of the hostport table's maps and sets and the shared rules that look them up (see
/// <see cref="HostportTable"/>; the elements are <see cref="HostportElements"/>). A concatenated key or datum takes
/// one 32-bit register per field (an IPv6 address four), from register 8 on.
/// </summary>
public static class HostportMaps
{
    private const byte NFT_MSG_NEWSET = 9;
    private const byte NFT_MSG_DELSET = 11;
    private const ushort NFTA_SET_TABLE = 1, NFTA_SET_NAME = 2, NFTA_SET_FLAGS = 3, NFTA_SET_KEY_TYPE = 4, NFTA_SET_KEY_LEN = 5;
    private const ushort NFTA_SET_DATA_TYPE = 6, NFTA_SET_DATA_LEN = 7, NFTA_SET_ID = 10;
    private const uint NFT_SET_MAP = 0x8;
    private const uint NFT_DATA_VERDICT = 0xffffff00;
    private const ushort NFTA_LOOKUP_SET = 1, NFTA_LOOKUP_SREG = 2, NFTA_LOOKUP_DREG = 3;
    private const uint NFT_REG32_00 = 8;

    /// <summary>nft's datatype ids (for <c>nft list</c> only; the kernel compares bytes): concatenations shift by 6 bits.</summary>
    private const uint TypeIpv4 = 7, TypeIpv6 = 8, TypeProto = 12, TypeService = 13;

    /// <summary>The maps and sets of a family, created with the table (an existing one is accepted unchanged).</summary>
    public static void Maps(NetlinkWriter w, byte family, ref uint setId)
    {
        var (address, length) = Address(family);
        var portsByAddress = (((address << 6) | TypeProto) << 6) | TypeService;
        var portsAny = (TypeProto << 6) | TypeService;
        var target = ((address << 6) | TypeService, length + 4);
        Set(w, family, HostportTable.DnatByAddress, portsByAddress, length + 8, ++setId, target);
        Set(w, family, HostportTable.DnatAny, portsAny, 8, ++setId, target);
        Set(w, family, HostportTable.PortsByAddress, portsByAddress, length + 8, ++setId, (NFT_DATA_VERDICT, 0));
        Set(w, family, HostportTable.PortsAny, portsAny, 8, ++setId, (NFT_DATA_VERDICT, 0));
        Set(w, family, HostportTable.Hairpin, (address << 6) | address, 2 * length, ++setId, null);
        Set(w, family, HostportTable.MasqAll, address, length, ++setId, null);
    }

    /// <summary>A bridge's set of pods with a localhost mapping (IPv4 only, as route_localnet).</summary>
    public static void LocalhostSet(NetlinkWriter w, string bridge, ref uint setId) =>
        Set(w, NFPROTO_IPV4, HostportTable.LocalhostSet(bridge), TypeIpv4, 4, ++setId, null);

    public static void DeleteSet(NetlinkWriter w, byte family, string name)
    {
        NftMessages.Begin(w, NFT_MSG_DELSET, NLM_F_ACK, family);
        w.AttributeString(NFTA_SET_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_SET_NAME, name);
        w.EndMessage();
    }

    /// <summary>
    /// The rules of the hostports chain, a mapping on one hostIP before one on every address:
    /// <c>ip daddr . meta l4proto . th dport vmap @ports-ip</c>, <c>dnat ip to ip daddr . meta l4proto . th dport map @dnat-ip</c>,
    /// <c>meta l4proto . th dport vmap @ports-any</c>, <c>dnat ip to meta l4proto . th dport map @dnat-any</c>.
    /// </summary>
    public static void PortLookups(NetlinkWriter w, byte family)
    {
        foreach (var (map, withAddress) in new[] { (HostportTable.PortsByAddress, true), (HostportTable.DnatByAddress, true), (HostportTable.PortsAny, false), (HostportTable.DnatAny, false) })
        {
            var expressions = HostportMessages.BeginRule(w, family, HostportTable.Hostports);
            var next = NFT_REG32_00;
            if (withAddress)
            {
                next = LoadAddress(w, family, next, destination: true);
            }

            NftExpressions.Meta(w, NFT_META_L4PROTO, next);
            NftExpressions.TransportPayload(w, 2, 2, next + 1);
            if (map is HostportTable.PortsByAddress or HostportTable.PortsAny)
            {
                Lookup(w, map, NFT_REG_VERDICT);
            }
            else
            {
                // The datum (address . port) lands from register 8 on, the port in the register after the address.
                Lookup(w, map, NFT_REG32_00);
                NftExpressions.DnatFromRegisters(w, family, NFT_REG32_00, NFT_REG32_00 + (family == NFPROTO_IPV6 ? 4u : 1u));
            }

            HostportMessages.EndRule(w, expressions, HostportComment.Lookup);
        }
    }

    /// <summary>
    /// The rules of the postrouting chain: <c>ct status dnat ip saddr . ip daddr @hairpin counter masquerade</c> and
    /// <c>ct status dnat ip daddr @masq-all counter masquerade</c>.
    /// </summary>
    public static void MasqueradeLookups(NetlinkWriter w, byte family)
    {
        var expressions = HostportMessages.BeginRule(w, family, HostportTable.Postrouting);
        DestinationNatted(w);
        var next = LoadAddress(w, family, NFT_REG32_00, destination: false);
        LoadAddress(w, family, next, destination: true);
        Lookup(w, HostportTable.Hairpin, null);
        Masquerade(w);
        HostportMessages.EndRule(w, expressions, HostportComment.Lookup);

        expressions = HostportMessages.BeginRule(w, family, HostportTable.Postrouting);
        DestinationNatted(w);
        LoadAddress(w, family, NFT_REG32_00, destination: true);
        Lookup(w, HostportTable.MasqAll, null);
        Masquerade(w);
        HostportMessages.EndRule(w, expressions, HostportComment.Lookup);
    }

    /// <summary>A bridge's localhost masquerade: <c>ct status dnat ip saddr 127.0.0.0/8 ip daddr @localhost-BRIDGE counter masquerade</c>.</summary>
    public static void LocalhostLookup(NetlinkWriter w, string bridge)
    {
        var expressions = HostportMessages.BeginRule(w, NFPROTO_IPV4, HostportTable.Postrouting);
        DestinationNatted(w);
        NftExpressions.Payload(w, 12, 4);
        NftExpressions.Mask(w, [255, 0, 0, 0]);
        NftExpressions.Compare(w, NFT_CMP_EQ, [127, 0, 0, 0]);
        LoadAddress(w, NFPROTO_IPV4, NFT_REG32_00, destination: true);
        Lookup(w, HostportTable.LocalhostSet(bridge), null);
        Masquerade(w);
        HostportMessages.EndRule(w, expressions, HostportComment.Localnet(bridge));
    }

    private static (uint Type, uint Length) Address(byte family) => family == NFPROTO_IPV6 ? (TypeIpv6, 16u) : (TypeIpv4, 4u);

    private static void Set(NetlinkWriter w, byte family, string name, uint keyType, uint keyLength, uint id, (uint Type, uint Length)? data)
    {
        NftMessages.Begin(w, NFT_MSG_NEWSET, NLM_F_CREATE | NLM_F_ACK, family);
        w.AttributeString(NFTA_SET_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_SET_NAME, name);
        w.AttributeU32BigEndian(NFTA_SET_FLAGS, data is null ? 0 : NFT_SET_MAP);
        w.AttributeU32BigEndian(NFTA_SET_KEY_TYPE, keyType);
        w.AttributeU32BigEndian(NFTA_SET_KEY_LEN, keyLength);
        if (data is { } d)
        {
            w.AttributeU32BigEndian(NFTA_SET_DATA_TYPE, d.Type);
            if (d.Type != NFT_DATA_VERDICT)
            {
                w.AttributeU32BigEndian(NFTA_SET_DATA_LEN, d.Length);
            }
        }

        w.AttributeU32BigEndian(NFTA_SET_ID, id);
        w.EndMessage();
    }

    /// <summary><c>ct status dnat</c>: only connections a hostport rule (or kube-proxy) DNATed are masqueraded.</summary>
    private static void DestinationNatted(NetlinkWriter w)
    {
        NftExpressions.CtStatus(w);
        NftExpressions.Mask(w, HostportMessages.HostOrder(IPS_DST_NAT));
        NftExpressions.Compare(w, NFT_CMP_NEQ, new byte[4]);
    }

    private static void Masquerade(NetlinkWriter w)
    {
        NftExpressions.Bare(w, "counter");
        NftExpressions.Bare(w, "masq");
    }

    /// <summary>The source or destination address into registers from <paramref name="register"/>; returns the next free 32-bit one.</summary>
    internal static uint LoadAddress(NetlinkWriter w, byte family, uint register, bool destination)
    {
        var v6 = family == NFPROTO_IPV6;
        var offset = (destination, v6) switch { (true, false) => 16u, (false, false) => 12u, (true, true) => 24u, _ => 8u };
        NftExpressions.Payload(w, offset, v6 ? 16u : 4u, register);
        return register + (v6 ? 4u : 1u);
    }

    /// <summary>
    /// <c>@SET</c> with the key from register 8 on: a verdict map sets the verdict register, a data map writes its
    /// datum from register 8 on, a set (no destination) only matches.
    /// </summary>
    private static void Lookup(NetlinkWriter w, string set, uint? destination)
    {
        var element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        w.AttributeString(NFTA_EXPR_NAME, "lookup");
        var data = w.BeginNested(NFTA_EXPR_DATA | NLA_F_NESTED);
        w.AttributeString(NFTA_LOOKUP_SET, set);
        w.AttributeU32BigEndian(NFTA_LOOKUP_SREG, NFT_REG32_00);
        if (destination is { } register)
        {
            w.AttributeU32BigEndian(NFTA_LOOKUP_DREG, register);
        }

        w.EndNested(data);
        w.EndNested(element);
    }
}
