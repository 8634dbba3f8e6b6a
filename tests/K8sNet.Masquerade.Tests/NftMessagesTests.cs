using System.Buffers.Binary;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;

namespace K8sNet.Masquerade.Tests;

/// <summary>
/// The nf_tables requests byte for byte. The golden file was produced by this builder and is pinned here; that the
/// kernel accepts these exact bytes and nft decodes them to the intended rule is NftablesIntegrationTests' job.
/// </summary>
public sealed class NftMessagesTests
{
    [Fact]
    public void Install_batch_for_the_documented_pod_matches_the_golden_bytes()
    {
        var writer = new NetlinkWriter();
        NftMessages.Install(writer, SubnetMasquerade.For(Golden.DocExample()));

        var expected = HexGolden.Read("install-v4.hex");
        if (Environment.GetEnvironmentVariable("K8SNET_WRITE_GOLDEN") == "1")
        {
            HexGolden.Write("install-v4.hex", writer.WrittenSpan);
        }

        Convert.ToHexStringLower(writer.WrittenSpan).Should().Be(Convert.ToHexStringLower(expected));
    }

    [Fact]
    public void Install_batch_is_begin_table_chain_flush_rule_end_with_acks_on_the_changes()
    {
        var writer = new NetlinkWriter();
        NftMessages.Install(writer, SubnetMasquerade.For(Golden.DocExample()));

        var headers = Headers(writer.WrittenSpan);

        headers.Select(h => h.Type).Should().Equal(
            NfTables.NFNL_MSG_BATCH_BEGIN,
            NfTables.MessageType(NfTables.NFT_MSG_NEWTABLE),
            NfTables.MessageType(NfTables.NFT_MSG_NEWCHAIN),
            NfTables.MessageType(NfTables.NFT_MSG_DELRULE),
            NfTables.MessageType(NfTables.NFT_MSG_NEWRULE),
            NfTables.NFNL_MSG_BATCH_END);
        headers.Select(h => (h.Flags & 0x04) != 0).Should().Equal(false, true, true, true, true, false);
        headers.Skip(1).SkipLast(1).Should().OnlyContain(h => (h.Flags & 0x200) == 0, "NLM_F_EXCL would make a repeat ADD fail");
    }

    [Fact]
    public void Dual_stack_pod_gets_one_table_and_chain_per_family_in_one_batch()
    {
        var subnets = SubnetMasquerade.For(Golden.DocExample("10.200.0.2/24", "fd10::2/64", "10.200.0.2/24"));

        subnets.Select(s => s.Chain).Should().Equal("masq-bridge-10.200.0.0_24", "masq-bridge-fd10.._64");
        var writer = new NetlinkWriter();
        NftMessages.Install(writer, subnets);
        Headers(writer.WrittenSpan).Count(h => h.Type == NfTables.MessageType(NfTables.NFT_MSG_NEWTABLE)).Should().Be(2);
    }

    [Theory]
    [InlineData("masq-a-10.0.0.0_24", "a", true)]
    [InlineData("masq-a-fd10.._64", "a", true)]
    [InlineData("masq-a-b-10.0.0.0_24", "a", false)]
    [InlineData("masq-a-b-10.0.0.0_24", "a-b", true)]
    [InlineData("masq-a-", "a", false)]
    [InlineData("masq-ab-10.0.0.0_24", "a", false)]
    public void A_networks_chains_are_told_apart_from_a_network_whose_name_extends_it(string chain, string network, bool expected)
    {
        // DEL of network "a"'s last pod once removed network "a-b"'s rules too: both chains start with "masq-a-".
        SubnetMasquerade.IsChainOf(chain, network).Should().Be(expected);
    }

    [Fact]
    public void Comment_user_data_is_the_libnftnl_comment_tlv()
    {
        NftMessages.CommentUserData("ab").Should().Equal(0, 3, (byte)'a', (byte)'b', 0);
    }

    [Fact]
    public void Reference_spoofcheck_removal_is_one_batch_deleting_the_jump_by_handle_then_each_chain()
    {
        var writer = new NetlinkWriter();
        NftMessages.DeleteRulesAndChains(writer, NfTables.NFPROTO_BRIDGE, "nat", "PREROUTING", [4], ["cni-br-iface-p-eth0", "cni-br-iface-p-eth0-mac"]);

        var delRule = NfTables.MessageType(NfTables.NFT_MSG_DELRULE);
        var delChain = NfTables.MessageType(NfTables.NFT_MSG_DELCHAIN);
        Headers(writer.WrittenSpan).Select(h => h.Type).Should().Equal(
            NfTables.NFNL_MSG_BATCH_BEGIN, delRule, delRule, delChain, delRule, delChain, NfTables.NFNL_MSG_BATCH_END);

        // The second message, derived by hand from nf_tables.h: nft delete rule bridge nat PREROUTING handle 4.
        var batch = writer.WrittenSpan;
        var second = batch.Slice(20, 56).ToArray();
        Convert.ToHexStringLower(second).Should().Be(string.Concat(
            "38000000", "080a", "0500", "00000000", "00000000", // nlmsghdr: 56 bytes, NFT_MSG_DELRULE, REQUEST|ACK, seq/pid stamped at send
            "07000000",                                         // nfgenmsg: NFPROTO_BRIDGE, v0, res_id 0
            "08000100", "6e617400",                             // NFTA_RULE_TABLE "nat"
            "0f000200", "505245524f5554494e4700", "00",         // NFTA_RULE_CHAIN "PREROUTING" + pad
            "0c000300", "0000000000000004"));                   // NFTA_RULE_HANDLE 4, big-endian u64
    }

    [Fact]
    public void Reference_spoofcheck_names_and_comment_are_the_ones_the_reference_plugin_made()
    {
        // Observed after /usr/lib/cni/bridge (Debian 1.1.1) ADDed container "refpod1" with macspoofchk: nft -a list table bridge nat.
        ReferenceSpoofCheck.InterfaceChain("refpod1", "eth0").Should().Be("cni-br-iface-refpod1-eth0");
        ReferenceSpoofCheck.MacChain("refpod1", "eth0").Should().Be("cni-br-iface-refpod1-eth0-mac");
        ReferenceSpoofCheck.Comment("refpod1", "eth0").Should().Be("macspoofchk-refpod1-eth0");

        // nft --debug=netlink showed that rule's userdata as { \x00\x19macspoofchk-refpod1-eth0\x00 }.
        byte[] userData = [0x00, 0x19, .. System.Text.Encoding.ASCII.GetBytes("macspoofchk-refpod1-eth0"), 0x00];
        ReferenceSpoofCheck.CommentIs(userData, "macspoofchk-refpod1-eth0"u8).Should().BeTrue();
        ReferenceSpoofCheck.CommentIs(userData, "macspoofchk-refpod1-eth"u8).Should().BeFalse("a prefix is another attachment");
        ReferenceSpoofCheck.CommentIs([0x00, 0x40, 0x61], "a"u8).Should().BeFalse("a truncated TLV is no match");
    }

    private static List<(ushort Type, ushort Flags)> Headers(ReadOnlySpan<byte> batch)
    {
        var headers = new List<(ushort, ushort)>();
        for (var offset = 0; offset < batch.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(batch[offset..]);
            headers.Add((BinaryPrimitives.ReadUInt16LittleEndian(batch[(offset + 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(batch[(offset + 6)..])));
            offset += (length + 3) & ~3;
        }

        return headers;
    }
}
