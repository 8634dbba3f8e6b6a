using System.Buffers.Binary;
using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The elements of the hostport maps: their keys (one 32-bit register per field: l4proto in 4 bytes, the port in 4,
/// an IPv6 address in 16), their add/delete/get messages, and what a reply says (the element's jump, use counts).
/// </summary>
public static class HostportElements
{
    private const byte NFT_MSG_NEWSETELEM = 12;
    private const byte NFT_MSG_GETSETELEM = 13;
    private const byte NFT_MSG_DELSETELEM = 14;
    private const ushort NFTA_SET_ELEM_LIST_TABLE = 1, NFTA_SET_ELEM_LIST_SET = 2, NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private const ushort NFTA_SET_ELEM_KEY = 1, NFTA_SET_ELEM_DATA = 2, NFTA_SET_ELEM_USERDATA = 6;

    /// <summary>The key of a mapping's element: (hostIP . l4proto . port) in ports-ip, (l4proto . port) in ports-any.</summary>
    public static (string Map, byte[] Key) PortKey(string protocol, string hostIp, int port)
    {
        var proto = protocol switch { "tcp" => (byte)6, "udp" => (byte)17, "sctp" => (byte)132, _ => throw new ArgumentException(protocol) };
        byte[] tail = [proto, 0, 0, 0, (byte)(port >> 8), (byte)port, 0, 0];
        return hostIp is "*" or ""
            ? (HostportTable.PortsAny, tail)
            : (HostportTable.PortsByAddress, [.. IPAddress.Parse(hostIp).GetAddressBytes(), .. tail]);
    }

    /// <summary>Adds KEY : jump CHAIN, refused with EEXIST (the whole transaction) when the key is taken.</summary>
    public static void CreateElement(NetlinkWriter w, byte family, string map, ReadOnlySpan<byte> key, string chain) =>
        Element(w, NFT_MSG_NEWSETELEM, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, family, map, key, chain, default, null);

    /// <summary>Adds KEY : DATUM to a data map, refused with EEXIST (the whole transaction) when the key is taken.</summary>
    public static void CreateDataElement(NetlinkWriter w, byte family, string map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> datum) =>
        Element(w, NFT_MSG_NEWSETELEM, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, family, map, key, null, datum, null);

    /// <summary>Adds KEY to a set with the attachment that owns it in the element's comment (EEXIST when it is there).</summary>
    public static void CreateOwnedElement(NetlinkWriter w, byte family, string set, ReadOnlySpan<byte> key, string owner) =>
        Element(w, NFT_MSG_NEWSETELEM, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, family, set, key, null, default, owner);

    public static void DeleteElement(NetlinkWriter w, byte family, string map, ReadOnlySpan<byte> key) =>
        Element(w, NFT_MSG_DELSETELEM, NLM_F_ACK, family, map, key, null, default, null);

    /// <summary>Equivalent to <c>nft get element</c>: the one element of that key, ENOENT when absent.</summary>
    public static void GetElement(NetlinkWriter w, byte family, string map, ReadOnlySpan<byte> key) =>
        Element(w, NFT_MSG_GETSETELEM, NLM_F_ACK, family, map, key, null, default, null);

    /// <summary>Equivalent to <c>nft list set</c>, elements only: a dump of every element of one set.</summary>
    public static void ListElements(NetlinkWriter w, byte family, string set)
    {
        NftMessages.Begin(w, NFT_MSG_GETSETELEM, NLM_F_DUMP, family);
        w.AttributeString(NFTA_SET_ELEM_LIST_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_SET_ELEM_LIST_SET, set);
        w.EndMessage();
    }

    /// <summary>The datum of a pod's element in a data map: its address, then the port in a 4-byte field.</summary>
    public static byte[] Datum(IPAddress pod, int port) => [.. pod.GetAddressBytes(), (byte)(port >> 8), (byte)port, 0, 0];

    /// <summary>The key of a pod's element in the hairpin set: (pod . pod).</summary>
    public static byte[] HairpinKey(IPAddress pod) => [.. pod.GetAddressBytes(), .. pod.GetAddressBytes()];

    /// <summary>How many elements a GETSETELEM reply (one message of a dump) holds.</summary>
    public static int CountOf(NetlinkMessage reply)
    {
        var count = 0;
        var list = reply.AttributesAfter<NfGenMsg>();
        while (list.MoveNext())
        {
            if ((list.Type & NLA_TYPE_MASK) == NFTA_SET_ELEM_LIST_ELEMENTS)
            {
                var elements = list.Nested();
                while (elements.MoveNext())
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// What a GETSETELEM reply's element holds: the chain it jumps to (verdict maps), its datum (data maps) and its
    /// comment (owned set elements); empty where it has none.
    /// </summary>
    public static (string Jump, byte[] Datum, string Comment) ValueOf(NetlinkMessage reply)
    {
        var jump = string.Empty;
        byte[] datum = [];
        var comment = string.Empty;
        var list = reply.AttributesAfter<NfGenMsg>();
        while (list.MoveNext())
        {
            if ((list.Type & NLA_TYPE_MASK) != NFTA_SET_ELEM_LIST_ELEMENTS)
            {
                continue;
            }

            var elements = list.Nested();
            while (elements.MoveNext())
            {
                var element = elements.Nested();
                while (element.MoveNext())
                {
                    switch (element.Type & NLA_TYPE_MASK)
                    {
                        case NFTA_SET_ELEM_DATA when Find(element.Nested(), NFTA_DATA_VERDICT, out var verdict):
                            jump = Find(new NetlinkAttributeReader(verdict), NFTA_VERDICT_CHAIN, out var chain)
                                ? System.Text.Encoding.UTF8.GetString(chain).TrimEnd('\0')
                                : string.Empty;
                            break;
                        case NFTA_SET_ELEM_DATA when Find(element.Nested(), NFTA_DATA_VALUE, out var value):
                            datum = value.ToArray();
                            break;
                        case NFTA_SET_ELEM_USERDATA:
                            comment = HostportRuleReader.CommentOf(element.Value);
                            break;
                    }
                }
            }
        }

        return (jump, datum, comment);
    }

    private static bool Find(NetlinkAttributeReader attributes, ushort type, out ReadOnlySpan<byte> value)
    {
        while (attributes.MoveNext())
        {
            if ((attributes.Type & NLA_TYPE_MASK) == type)
            {
                value = attributes.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static void Element(NetlinkWriter w, byte message, ushort flags, byte family, string map, ReadOnlySpan<byte> key, string? chain, ReadOnlySpan<byte> datum, string? owner)
    {
        NftMessages.Begin(w, message, flags, family);
        w.AttributeString(NFTA_SET_ELEM_LIST_TABLE, HostportTable.Name);
        w.AttributeString(NFTA_SET_ELEM_LIST_SET, map);
        var elements = w.BeginNested(NFTA_SET_ELEM_LIST_ELEMENTS | NLA_F_NESTED);
        var element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        var keyData = w.BeginNested(NFTA_SET_ELEM_KEY | NLA_F_NESTED);
        w.Attribute(NFTA_DATA_VALUE, key);
        w.EndNested(keyData);
        if (chain is not null)
        {
            var data = w.BeginNested(NFTA_SET_ELEM_DATA | NLA_F_NESTED);
            var verdict = w.BeginNested(NFTA_DATA_VERDICT | NLA_F_NESTED);
            w.AttributeU32BigEndian(NFTA_VERDICT_CODE, unchecked((uint)NFT_JUMP));
            w.AttributeString(NFTA_VERDICT_CHAIN, chain);
            w.EndNested(verdict);
            w.EndNested(data);
        }
        else if (!datum.IsEmpty)
        {
            var data = w.BeginNested(NFTA_SET_ELEM_DATA | NLA_F_NESTED);
            w.Attribute(NFTA_DATA_VALUE, datum);
            w.EndNested(data);
        }

        if (owner is not null)
        {
            w.Attribute(NFTA_SET_ELEM_USERDATA, NftMessages.CommentUserData(owner));
        }

        w.EndNested(element);
        w.EndNested(elements);
        w.EndMessage();
    }

    /// <summary>NFTA_TABLE_USE / NFTA_CHAIN_USE of a GETTABLE / GETCHAIN reply: how many objects reference it.</summary>
    public static uint UseOf(NetlinkMessage reply, ushort useAttribute)
    {
        var attributes = reply.AttributesAfter<NfGenMsg>();
        return Find(attributes, useAttribute, out var value) && value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
    }
}
