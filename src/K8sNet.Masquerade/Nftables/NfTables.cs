namespace K8sNet.Masquerade.Nftables;

#pragma warning disable CA1707 // C names kept verbatim so they can be grepped in the kernel headers
/// <summary>
/// The nf_tables netlink constants we use (/usr/include/linux/netfilter/nf_tables.h, nfnetlink.h,
/// netfilter.h); NftablesConstantsTests compares each with the C headers.
/// </summary>
public static class NfTables
{
    // nfnetlink.h
    public const ushort NFNL_MSG_BATCH_BEGIN = 0x10; // NLMSG_MIN_TYPE
    public const ushort NFNL_MSG_BATCH_END = 0x11;
    public const byte NFNL_SUBSYS_NFTABLES = 10;
    public const byte NFNETLINK_V0 = 0;

    // netfilter.h: address families (nfgen_family) and hooks.
    public const byte NFPROTO_IPV4 = 2;
    public const byte NFPROTO_IPV6 = 10;
    public const byte NFPROTO_BRIDGE = 7;
    public const uint NF_INET_POST_ROUTING = 4;
    public const uint NF_ACCEPT = 1;

    // enum nf_tables_msg_types
    public const byte NFT_MSG_NEWTABLE = 0;
    public const byte NFT_MSG_DELTABLE = 2;
    public const byte NFT_MSG_NEWCHAIN = 3;
    public const byte NFT_MSG_GETCHAIN = 4;
    public const byte NFT_MSG_DELCHAIN = 5;
    public const byte NFT_MSG_NEWRULE = 6;
    public const byte NFT_MSG_GETRULE = 7;
    public const byte NFT_MSG_DELRULE = 8;

    // enum nft_table_attributes / nft_chain_attributes / nft_hook_attributes
    public const ushort NFTA_TABLE_NAME = 1;
    public const ushort NFTA_CHAIN_TABLE = 1;
    public const ushort NFTA_CHAIN_NAME = 3;
    public const ushort NFTA_CHAIN_HOOK = 4;
    public const ushort NFTA_CHAIN_POLICY = 5;
    public const ushort NFTA_CHAIN_TYPE = 7;
    public const ushort NFTA_HOOK_HOOKNUM = 1;
    public const ushort NFTA_HOOK_PRIORITY = 2;

    // enum nft_rule_attributes, nft_list_attributes, nft_expr_attributes, nft_data_attributes
    public const ushort NFTA_RULE_TABLE = 1;
    public const ushort NFTA_RULE_CHAIN = 2;
    public const ushort NFTA_RULE_HANDLE = 3;
    public const ushort NFTA_RULE_EXPRESSIONS = 4;
    public const ushort NFTA_RULE_USERDATA = 7;
    public const ushort NFTA_LIST_ELEM = 1;
    public const ushort NFTA_EXPR_NAME = 1;
    public const ushort NFTA_EXPR_DATA = 2;
    public const ushort NFTA_DATA_VALUE = 1;

    // enum nft_counter_attributes (operator inspect reads the masquerade rule's counters)
    public const ushort NFTA_COUNTER_BYTES = 1;
    public const ushort NFTA_COUNTER_PACKETS = 2;

    // enum nft_payload_attributes, nft_payload_bases, nft_registers
    public const ushort NFTA_PAYLOAD_DREG = 1;
    public const ushort NFTA_PAYLOAD_BASE = 2;
    public const ushort NFTA_PAYLOAD_OFFSET = 3;
    public const ushort NFTA_PAYLOAD_LEN = 4;
    public const uint NFT_PAYLOAD_NETWORK_HEADER = 1;
    public const uint NFT_REG_1 = 1;

    // enum nft_bitwise_attributes, nft_cmp_attributes, nft_cmp_ops
    public const ushort NFTA_BITWISE_SREG = 1;
    public const ushort NFTA_BITWISE_DREG = 2;
    public const ushort NFTA_BITWISE_LEN = 3;
    public const ushort NFTA_BITWISE_MASK = 4;
    public const ushort NFTA_BITWISE_XOR = 5;
    public const ushort NFTA_CMP_SREG = 1;
    public const ushort NFTA_CMP_OP = 2;
    public const ushort NFTA_CMP_DATA = 3;
    public const uint NFT_CMP_EQ = 0;
    public const uint NFT_CMP_NEQ = 1;

    // netfilter.h hooks and verdicts used by the hostport chains (portmap).
    public const uint NF_INET_PRE_ROUTING = 0;
    public const uint NF_INET_LOCAL_OUT = 3;
    public const uint NF_DROP = 0;
    public const int NF_IP_PRI_NAT_DST = -100;
    public const int NF_IP_PRI_MANGLE = -150;

    // nf_tables.h: registers, verdicts, payload bases.
    public const uint NFT_REG_VERDICT = 0;
    public const uint NFT_REG_2 = 2;
    public const int NFT_JUMP = -3;
    public const uint NFT_PAYLOAD_TRANSPORT_HEADER = 2;

    // enum nft_meta_attributes / nft_meta_keys
    public const ushort NFTA_META_DREG = 1;
    public const ushort NFTA_META_KEY = 2;
    public const uint NFT_META_IIFNAME = 6;
    public const uint NFT_META_L4PROTO = 16;

    // enum nft_immediate_attributes, nft_data_attributes, nft_verdict_attributes
    public const ushort NFTA_IMMEDIATE_DREG = 1;
    public const ushort NFTA_IMMEDIATE_DATA = 2;
    public const ushort NFTA_DATA_VERDICT = 2;
    public const ushort NFTA_VERDICT_CODE = 1;
    public const ushort NFTA_VERDICT_CHAIN = 2;

    // enum nft_fib_attributes, nft_fib_result, nft_fib_flags; rtnetlink.h RTN_LOCAL
    public const ushort NFTA_FIB_DREG = 1;
    public const ushort NFTA_FIB_RESULT = 2;
    public const ushort NFTA_FIB_FLAGS = 3;
    public const uint NFT_FIB_RESULT_ADDRTYPE = 3;
    public const uint NFTA_FIB_F_DADDR = 1 << 1;
    public const uint RTN_LOCAL = 2;

    // enum nft_nat_attributes, nft_nat_types
    public const ushort NFTA_NAT_TYPE = 1;
    public const ushort NFTA_NAT_FAMILY = 2;
    public const ushort NFTA_NAT_REG_ADDR_MIN = 3;
    public const ushort NFTA_NAT_REG_PROTO_MIN = 5;
    public const uint NFT_NAT_DNAT = 1;

    // enum nft_ct_attributes / nft_ct_keys; nf_conntrack_common.h IPS_DST_NAT
    public const ushort NFTA_CT_DREG = 1;
    public const ushort NFTA_CT_KEY = 2;
    public const uint NFT_CT_STATUS = 2;
    public const uint IPS_DST_NAT = 1 << 5;

    /// <summary>NF_IP_PRI_NAT_SRC: nft's "srcnat" priority for a nat postrouting chain.</summary>
    public const int NF_IP_PRI_NAT_SRC = 100;

    /// <summary>libnftnl's NFTNL_UDATA_RULE_COMMENT: the userdata TLV nft shows as <c>comment "…"</c>.</summary>
    public const byte NFTNL_UDATA_RULE_COMMENT = 0;

    /// <summary>The nlmsg_type of an nf_tables message: subsystem in the high byte.</summary>
    public static ushort MessageType(byte nftMessage) => (ushort)((NFNL_SUBSYS_NFTABLES << 8) | nftMessage);
}
#pragma warning restore CA1707
