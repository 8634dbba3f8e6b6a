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

    [Fact]
    public void Comment_user_data_is_the_libnftnl_comment_tlv()
    {
        NftMessages.CommentUserData("ab").Should().Equal(0, 3, (byte)'a', (byte)'b', 0);
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
