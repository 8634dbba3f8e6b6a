using K8sNet.Linux.Netlink;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Masquerade.Nftables;

/// <summary>
/// Writers for the nf_tables expressions one masquerade rule needs, each an NFTA_LIST_ELEM inside
/// NFTA_RULE_EXPRESSIONS: { NFTA_EXPR_NAME "payload", NFTA_EXPR_DATA { … } }. Integers are big-endian on this wire.
/// </summary>
public static class NftExpressions
{
    /// <summary>Loads <paramref name="length"/> bytes at <paramref name="offset"/> of the network header into reg 1 (or <paramref name="register"/>).</summary>
    public static void Payload(NetlinkWriter w, uint offset, uint length, uint register = NFT_REG_1) =>
        LoadPayload(w, NFT_PAYLOAD_NETWORK_HEADER, offset, length, register);

    /// <summary>reg 1 = (reg 1 &amp; mask) ^ 0: keeps the prefix bits (how nft encodes a CIDR match).</summary>
    public static void Mask(NetlinkWriter w, ReadOnlySpan<byte> mask)
    {
        var data = Begin(w, "bitwise", out var element);
        w.AttributeU32BigEndian(NFTA_BITWISE_SREG, NFT_REG_1);
        w.AttributeU32BigEndian(NFTA_BITWISE_DREG, NFT_REG_1);
        w.AttributeU32BigEndian(NFTA_BITWISE_LEN, (uint)mask.Length);
        Value(w, NFTA_BITWISE_MASK, mask);
        Value(w, NFTA_BITWISE_XOR, new byte[mask.Length]);
        End(w, data, element);
    }

    /// <summary>Continues with the rule only when reg 1 compares with <paramref name="value"/> by <paramref name="op"/>.</summary>
    public static void Compare(NetlinkWriter w, uint op, ReadOnlySpan<byte> value)
    {
        var data = Begin(w, "cmp", out var element);
        w.AttributeU32BigEndian(NFTA_CMP_SREG, NFT_REG_1);
        w.AttributeU32BigEndian(NFTA_CMP_OP, op);
        Value(w, NFTA_CMP_DATA, value);
        End(w, data, element);
    }

    /// <summary>Loads <paramref name="length"/> bytes at <paramref name="offset"/> of the transport header (th) into reg 1 (or <paramref name="register"/>).</summary>
    public static void TransportPayload(NetlinkWriter w, uint offset, uint length, uint register = NFT_REG_1) =>
        LoadPayload(w, NFT_PAYLOAD_TRANSPORT_HEADER, offset, length, register);

    /// <summary><c>meta KEY</c> into reg 1 or <paramref name="register"/> (l4proto: 1 byte; iifname: 16 bytes, NUL-padded).</summary>
    public static void Meta(NetlinkWriter w, uint key, uint register = NFT_REG_1)
    {
        var data = Begin(w, "meta", out var element);
        w.AttributeU32BigEndian(NFTA_META_DREG, register);
        w.AttributeU32BigEndian(NFTA_META_KEY, key);
        End(w, data, element);
    }

    /// <summary><c>ct status</c> into reg 1 (4 bytes, host byte order).</summary>
    public static void CtStatus(NetlinkWriter w)
    {
        var data = Begin(w, "ct", out var element);
        w.AttributeU32BigEndian(NFTA_CT_DREG, NFT_REG_1);
        w.AttributeU32BigEndian(NFTA_CT_KEY, NFT_CT_STATUS);
        End(w, data, element);
    }

    /// <summary><c>fib daddr type</c> into reg 1: the route type (RTN_*) of the destination, 4 bytes host order.</summary>
    public static void FibDaddrType(NetlinkWriter w)
    {
        var data = Begin(w, "fib", out var element);
        w.AttributeU32BigEndian(NFTA_FIB_DREG, NFT_REG_1);
        w.AttributeU32BigEndian(NFTA_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
        w.AttributeU32BigEndian(NFTA_FIB_FLAGS, NFTA_FIB_F_DADDR);
        End(w, data, element);
    }

    /// <summary>Loads a constant into register <paramref name="register"/>.</summary>
    public static void Immediate(NetlinkWriter w, uint register, ReadOnlySpan<byte> value)
    {
        var data = Begin(w, "immediate", out var element);
        w.AttributeU32BigEndian(NFTA_IMMEDIATE_DREG, register);
        Value(w, NFTA_IMMEDIATE_DATA, value);
        End(w, data, element);
    }

    /// <summary>A verdict: <c>jump CHAIN</c> (code NFT_JUMP with a chain) or <c>drop</c> (NF_DROP, no chain).</summary>
    public static void Verdict(NetlinkWriter w, int code, string? chain = null)
    {
        var data = Begin(w, "immediate", out var element);
        w.AttributeU32BigEndian(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
        var outer = w.BeginNested(NFTA_IMMEDIATE_DATA | NLA_F_NESTED);
        var verdict = w.BeginNested(NFTA_DATA_VERDICT | NLA_F_NESTED);
        w.AttributeU32BigEndian(NFTA_VERDICT_CODE, unchecked((uint)code));
        if (chain is not null)
        {
            w.AttributeString(NFTA_VERDICT_CHAIN, chain);
        }

        w.EndNested(verdict);
        w.EndNested(outer);
        End(w, data, element);
    }

    /// <summary><c>dnat to ADDR:PORT</c>: the address in reg 1, the port (big-endian) in reg 2, unless other registers are named.</summary>
    public static void DnatFromRegisters(NetlinkWriter w, byte family, uint addressRegister = NFT_REG_1, uint portRegister = NFT_REG_2)
    {
        var data = Begin(w, "nat", out var element);
        w.AttributeU32BigEndian(NFTA_NAT_TYPE, NFT_NAT_DNAT);
        w.AttributeU32BigEndian(NFTA_NAT_FAMILY, family);
        w.AttributeU32BigEndian(NFTA_NAT_REG_ADDR_MIN, addressRegister);
        w.AttributeU32BigEndian(NFTA_NAT_REG_PROTO_MIN, portRegister);
        End(w, data, element);
    }

    /// <summary>An expression without parameters (counter starts at zero, masquerade picks the outgoing address).</summary>
    public static void Bare(NetlinkWriter w, string name)
    {
        var element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        w.AttributeString(NFTA_EXPR_NAME, name);
        w.EndNested(element);
    }

    private static void LoadPayload(NetlinkWriter w, uint payloadBase, uint offset, uint length, uint register)
    {
        var data = Begin(w, "payload", out var element);
        w.AttributeU32BigEndian(NFTA_PAYLOAD_DREG, register);
        w.AttributeU32BigEndian(NFTA_PAYLOAD_BASE, payloadBase);
        w.AttributeU32BigEndian(NFTA_PAYLOAD_OFFSET, offset);
        w.AttributeU32BigEndian(NFTA_PAYLOAD_LEN, length);
        End(w, data, element);
    }

    private static int Begin(NetlinkWriter w, string name, out int element)
    {
        element = w.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
        w.AttributeString(NFTA_EXPR_NAME, name);
        return w.BeginNested(NFTA_EXPR_DATA | NLA_F_NESTED);
    }

    private static void End(NetlinkWriter w, int data, int element)
    {
        w.EndNested(data);
        w.EndNested(element);
    }

    private static void Value(NetlinkWriter w, ushort type, ReadOnlySpan<byte> value)
    {
        var nested = w.BeginNested((ushort)(type | NLA_F_NESTED));
        w.Attribute(NFTA_DATA_VALUE, value);
        w.EndNested(nested);
    }
}
