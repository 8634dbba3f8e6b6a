using K8sNet.Masquerade.Nftables;
using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>Our nf_tables constants and struct nfgenmsg against the installed kernel headers, through gcc.</summary>
public sealed class NfTablesConstantsTests
{
    private static readonly (string Name, long Value)[] Constants =
    [
        ("NFNL_MSG_BATCH_BEGIN", NfTables.NFNL_MSG_BATCH_BEGIN), ("NFNL_MSG_BATCH_END", NfTables.NFNL_MSG_BATCH_END),
        ("NFNL_SUBSYS_NFTABLES", NfTables.NFNL_SUBSYS_NFTABLES), ("NFNETLINK_V0", NfTables.NFNETLINK_V0),
        ("NFPROTO_IPV4", NfTables.NFPROTO_IPV4), ("NFPROTO_IPV6", NfTables.NFPROTO_IPV6), ("NFPROTO_BRIDGE", NfTables.NFPROTO_BRIDGE), ("NFTA_RULE_HANDLE", NfTables.NFTA_RULE_HANDLE),
        ("NF_INET_POST_ROUTING", NfTables.NF_INET_POST_ROUTING), ("NF_ACCEPT", NfTables.NF_ACCEPT),
        ("NFT_MSG_NEWTABLE", NfTables.NFT_MSG_NEWTABLE), ("NFT_MSG_NEWCHAIN", NfTables.NFT_MSG_NEWCHAIN),
        ("NFT_MSG_GETCHAIN", NfTables.NFT_MSG_GETCHAIN), ("NFT_MSG_DELCHAIN", NfTables.NFT_MSG_DELCHAIN),
        ("NFT_MSG_NEWRULE", NfTables.NFT_MSG_NEWRULE), ("NFT_MSG_GETRULE", NfTables.NFT_MSG_GETRULE),
        ("NFT_MSG_DELRULE", NfTables.NFT_MSG_DELRULE), ("NFTA_TABLE_NAME", NfTables.NFTA_TABLE_NAME),
        ("NFTA_CHAIN_TABLE", NfTables.NFTA_CHAIN_TABLE), ("NFTA_CHAIN_NAME", NfTables.NFTA_CHAIN_NAME),
        ("NFTA_CHAIN_HOOK", NfTables.NFTA_CHAIN_HOOK), ("NFTA_CHAIN_POLICY", NfTables.NFTA_CHAIN_POLICY),
        ("NFTA_CHAIN_TYPE", NfTables.NFTA_CHAIN_TYPE), ("NFTA_HOOK_HOOKNUM", NfTables.NFTA_HOOK_HOOKNUM),
        ("NFTA_HOOK_PRIORITY", NfTables.NFTA_HOOK_PRIORITY), ("NFTA_RULE_TABLE", NfTables.NFTA_RULE_TABLE),
        ("NFTA_RULE_CHAIN", NfTables.NFTA_RULE_CHAIN), ("NFTA_RULE_EXPRESSIONS", NfTables.NFTA_RULE_EXPRESSIONS),
        ("NFTA_RULE_USERDATA", NfTables.NFTA_RULE_USERDATA), ("NFTA_LIST_ELEM", NfTables.NFTA_LIST_ELEM),
        ("NFTA_EXPR_NAME", NfTables.NFTA_EXPR_NAME), ("NFTA_EXPR_DATA", NfTables.NFTA_EXPR_DATA),
        ("NFTA_DATA_VALUE", NfTables.NFTA_DATA_VALUE), ("NFTA_COUNTER_BYTES", NfTables.NFTA_COUNTER_BYTES), ("NFTA_COUNTER_PACKETS", NfTables.NFTA_COUNTER_PACKETS), ("NFTA_PAYLOAD_DREG", NfTables.NFTA_PAYLOAD_DREG),
        ("NFTA_PAYLOAD_BASE", NfTables.NFTA_PAYLOAD_BASE), ("NFTA_PAYLOAD_OFFSET", NfTables.NFTA_PAYLOAD_OFFSET),
        ("NFTA_PAYLOAD_LEN", NfTables.NFTA_PAYLOAD_LEN), ("NFT_PAYLOAD_NETWORK_HEADER", NfTables.NFT_PAYLOAD_NETWORK_HEADER),
        ("NFT_REG_1", NfTables.NFT_REG_1), ("NFTA_BITWISE_SREG", NfTables.NFTA_BITWISE_SREG),
        ("NFTA_BITWISE_DREG", NfTables.NFTA_BITWISE_DREG), ("NFTA_BITWISE_LEN", NfTables.NFTA_BITWISE_LEN),
        ("NFTA_BITWISE_MASK", NfTables.NFTA_BITWISE_MASK), ("NFTA_BITWISE_XOR", NfTables.NFTA_BITWISE_XOR),
        ("NFTA_CMP_SREG", NfTables.NFTA_CMP_SREG), ("NFTA_CMP_OP", NfTables.NFTA_CMP_OP),
        ("NFTA_CMP_DATA", NfTables.NFTA_CMP_DATA), ("NFT_CMP_EQ", NfTables.NFT_CMP_EQ), ("NFT_CMP_NEQ", NfTables.NFT_CMP_NEQ),
        ("NF_IP_PRI_NAT_SRC", NfTables.NF_IP_PRI_NAT_SRC),
        ("NF_INET_PRE_ROUTING", NfTables.NF_INET_PRE_ROUTING), ("NF_INET_LOCAL_OUT", NfTables.NF_INET_LOCAL_OUT), ("NF_DROP", NfTables.NF_DROP),
        ("NF_IP_PRI_NAT_DST", NfTables.NF_IP_PRI_NAT_DST), ("NF_IP_PRI_MANGLE", NfTables.NF_IP_PRI_MANGLE), ("NFT_MSG_DELTABLE", NfTables.NFT_MSG_DELTABLE),
        ("NFT_REG_VERDICT", NfTables.NFT_REG_VERDICT), ("NFT_REG_2", NfTables.NFT_REG_2), ("NFT_JUMP", NfTables.NFT_JUMP),
        ("NFT_PAYLOAD_TRANSPORT_HEADER", NfTables.NFT_PAYLOAD_TRANSPORT_HEADER), ("NFTA_META_DREG", NfTables.NFTA_META_DREG), ("NFTA_META_KEY", NfTables.NFTA_META_KEY),
        ("NFT_META_IIFNAME", NfTables.NFT_META_IIFNAME), ("NFT_META_L4PROTO", NfTables.NFT_META_L4PROTO), ("NFTA_IMMEDIATE_DREG", NfTables.NFTA_IMMEDIATE_DREG),
        ("NFTA_IMMEDIATE_DATA", NfTables.NFTA_IMMEDIATE_DATA), ("NFTA_DATA_VERDICT", NfTables.NFTA_DATA_VERDICT), ("NFTA_VERDICT_CODE", NfTables.NFTA_VERDICT_CODE),
        ("NFTA_VERDICT_CHAIN", NfTables.NFTA_VERDICT_CHAIN), ("NFTA_FIB_DREG", NfTables.NFTA_FIB_DREG), ("NFTA_FIB_RESULT", NfTables.NFTA_FIB_RESULT),
        ("NFTA_FIB_FLAGS", NfTables.NFTA_FIB_FLAGS), ("NFT_FIB_RESULT_ADDRTYPE", NfTables.NFT_FIB_RESULT_ADDRTYPE), ("NFTA_FIB_F_DADDR", NfTables.NFTA_FIB_F_DADDR),
        ("RTN_LOCAL", NfTables.RTN_LOCAL), ("NFTA_NAT_TYPE", NfTables.NFTA_NAT_TYPE), ("NFTA_NAT_FAMILY", NfTables.NFTA_NAT_FAMILY),
        ("NFTA_NAT_REG_ADDR_MIN", NfTables.NFTA_NAT_REG_ADDR_MIN), ("NFTA_NAT_REG_PROTO_MIN", NfTables.NFTA_NAT_REG_PROTO_MIN), ("NFT_NAT_DNAT", NfTables.NFT_NAT_DNAT),
        ("NFTA_CT_DREG", NfTables.NFTA_CT_DREG), ("NFTA_CT_KEY", NfTables.NFTA_CT_KEY), ("NFT_CT_STATUS", NfTables.NFT_CT_STATUS), ("IPS_DST_NAT", NfTables.IPS_DST_NAT),
        ("sizeof(struct nfgenmsg)", System.Runtime.CompilerServices.Unsafe.SizeOf<NfGenMsg>()),
        ("offsetof(struct nfgenmsg, res_id)", System.Runtime.InteropServices.Marshal.OffsetOf<NfGenMsg>(nameof(NfGenMsg.res_id)).ToInt64()),
    ];

    [Fact]
    public void Every_constant_equals_the_kernel_header_value()
    {
        if (Command.Which("gcc") is null || !File.Exists("/usr/include/linux/netfilter/nf_tables.h"))
        {
            return; // No compiler or headers on this machine: nothing to compare with.
        }

        var dir = Directory.CreateTempSubdirectory("k8snet-nft-consts-");
        try
        {
            var program = "#include <stddef.h>\n#include <stdio.h>\n#include <linux/netlink.h>\n#include <linux/netfilter.h>\n#include <linux/netfilter_ipv4.h>\n" +
                "#include <linux/netfilter/nfnetlink.h>\n#include <linux/netfilter/nf_tables.h>\n#include <linux/rtnetlink.h>\n" +
                "#include <linux/netfilter/nf_conntrack_common.h>\nint main(void) {\n" +
                string.Concat(Constants.Select(c => $"  printf(\"%ld\\n\", (long)({c.Name}));\n")) + "  return 0;\n}\n";
            File.WriteAllText(Path.Combine(dir.FullName, "c.c"), program);
            Command.Sh($"cd {dir.FullName} && gcc -o c c.c");
            var values = Command.Sh(Path.Combine(dir.FullName, "c")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();

            Constants.Select(c => $"{c.Name}={c.Value}").Should().Equal(Constants.Zip(values, (c, v) => $"{c.Name}={v}"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
