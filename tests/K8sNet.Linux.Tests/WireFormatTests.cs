using System.Buffers.Binary;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Tests;

/// <summary>The writer's back-patching and padding, the readers' bounds checks, and NLMSG_ERROR decoding.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void Nested_attributes_get_lengths_covering_their_padded_children()
    {
        var w = new NetlinkWriter(initialCapacity: 8); // forces growth on the way
        w.BeginMessage(100, 0);
        var outer = w.BeginNested(1);
        w.AttributeU8(2, 7);
        var inner = w.BeginNested(3);
        w.AttributeString(4, "abc");
        w.EndNested(inner);
        w.EndNested(outer);
        w.EndMessage();

        Hex.Format(w.WrittenSpan).Should().Be(Hex.Format(Hex.Parse("""
            28000000 6400 0100 00000000 00000000  // len 40, type 100, NLM_F_REQUEST
            1800 0100                             // outer: 24 bytes
              0500 0200 07 000000                 //   u8 7 + 3 pad
              0c00 0300                           //   inner: 12 bytes
                0800 0400 61626300                //     "abc\0"
            """)));
        w.MessageCount.Should().Be(1);
    }

    [Fact]
    public void A_writer_holds_a_batch_of_messages_and_reset_reuses_the_buffer()
    {
        var w = new NetlinkWriter();
        for (var i = 0; i < 3; i++)
        {
            w.BeginMessage(16, NetlinkConstants.NLM_F_ACK);
            w.AttributeU32(1, (uint)i);
            w.EndMessage();
        }

        var reader = new NetlinkMessageReader(w.WrittenSpan);
        var count = 0;
        while (reader.TryRead(out var message))
        {
            message.Header.nlmsg_len.Should().Be(24);
            count++;
        }

        count.Should().Be(3);
        w.Reset();
        w.Length.Should().Be(0);
        w.MessageCount.Should().Be(0);
    }

    [Fact]
    public void Beginning_a_message_before_ending_the_previous_one_is_a_bug_reported_at_once()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(16, 0);
        var act = () => w.BeginMessage(16, 0);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_message_length_beyond_the_datagram_is_malformed_not_the_end()
    {
        var bytes = Hex.Parse("ff000000 1000 0000 00000000 00000000");
        var act = () =>
        {
            var reader = new NetlinkMessageReader(bytes);
            reader.TryRead(out _);
        };
        act.Should().Throw<InvalidDataException>().WithMessage("*255*");
    }

    [Fact]
    public void An_attribute_length_beyond_its_buffer_is_malformed()
    {
        var act = () =>
        {
            var attributes = new NetlinkAttributeReader(Hex.Parse("4000 0100 00000000"));
            attributes.MoveNext();
        };
        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void An_error_reply_with_extended_ack_names_errno_operation_target_and_kernel_text()
    {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS: nlmsgerr { -95, original header } then NLMSGERR_ATTR_MSG.
        var text = "Unknown device type\0"u8.ToArray();
        var payload = new byte[NlMsgErr.Size + 4 + 20];
        BinaryPrimitives.WriteInt32LittleEndian(payload, -Errno.EOPNOTSUPP);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(20), 24);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(22), NetlinkConstants.NLMSGERR_ATTR_MSG);
        text.CopyTo(payload.AsSpan(24));
        var header = new NlMsgHdr
        {
            nlmsg_len = (uint)(16 + payload.Length),
            nlmsg_type = NetlinkConstants.NLMSG_ERROR,
            nlmsg_flags = NetlinkConstants.NLM_F_CAPPED | NetlinkConstants.NLM_F_ACK_TLVS,
        };

        var error = NetlinkErrors.FromErrorMessage(new NetlinkMessage(header, payload), "ip link add", "x0 type nosuch");

        error.Should().NotBeNull();
        error!.Errno.Should().Be(Errno.EOPNOTSUPP);
        error.KernelMessage.Should().Be("Unknown device type");
        error.Message.Should().Be("ip link add x0 type nosuch: EOPNOTSUPP (Operation not supported): Unknown device type");
    }

    [Fact]
    public void An_ack_is_not_an_error()
    {
        var header = new NlMsgHdr { nlmsg_len = 36, nlmsg_type = NetlinkConstants.NLMSG_ERROR };
        NetlinkErrors.FromErrorMessage(new NetlinkMessage(header, new byte[20]), "op", "target").Should().BeNull();
    }

    [Theory]
    [InlineData(Errno.ENODEV, "ENODEV")]
    [InlineData(Errno.EEXIST, "EEXIST")]
    [InlineData(Errno.EADDRNOTAVAIL, "EADDRNOTAVAIL")]
    [InlineData(1234, "errno 1234")]
    public void Errno_names_are_the_symbolic_ones(int errno, string name) => Errno.NameOf(errno).Should().Be(name);
}
