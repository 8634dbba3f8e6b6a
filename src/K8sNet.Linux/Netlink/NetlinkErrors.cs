using System.Buffers.Binary;
using System.Runtime.InteropServices;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>Decodes NLMSG_ERROR (struct nlmsgerr + optional extended-ack TLVs) and the error word of NLMSG_DONE.</summary>
public static class NetlinkErrors
{
    /// <summary>Null for an ACK (error 0); otherwise the errno with the kernel's NLMSGERR_ATTR_MSG text.</summary>
    public static ErrnoException? FromErrorMessage(NetlinkMessage message, string operation, string target)
    {
        if (message.Payload.Length < sizeof(int))
        {
            return new ErrnoException(Errno.EIO, operation, target, "truncated NLMSG_ERROR");
        }

        var error = BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
        if (error == 0)
        {
            return null;
        }

        var kernelText = ExtendedAckMessage(message);
        return new ErrnoException(-error, operation, target, kernelText);
    }

    /// <summary>NLMSG_DONE carries an int: 0, or −errno when the dump itself failed.</summary>
    public static void ThrowIfDoneCarriesError(NetlinkMessage message, string operation, string target)
    {
        if (message.Payload.Length >= sizeof(int))
        {
            var error = BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
            if (error < 0)
            {
                throw new ErrnoException(-error, operation, target);
            }
        }
    }

    /// <summary>
    /// With NLM_F_ACK_TLVS the TLVs follow the nlmsgerr; unless NLM_F_CAPPED, the echoed request payload sits between.
    /// </summary>
    private static string? ExtendedAckMessage(NetlinkMessage message)
    {
        if ((message.Header.nlmsg_flags & NetlinkConstants.NLM_F_ACK_TLVS) == 0 || message.Payload.Length < NlMsgErr.Size)
        {
            return null;
        }

        var err = MemoryMarshal.Read<NlMsgErr>(message.Payload);
        var offset = NlMsgErr.Size;
        if ((message.Header.nlmsg_flags & NetlinkConstants.NLM_F_CAPPED) == 0)
        {
            offset += NetlinkConstants.Align((int)err.msg.nlmsg_len - NlMsgHdr.Size);
        }

        if (offset > message.Payload.Length)
        {
            return null;
        }

        var attributes = new NetlinkAttributeReader(message.Payload[offset..]);
        while (attributes.MoveNext())
        {
            if (attributes.Type == NetlinkConstants.NLMSGERR_ATTR_MSG)
            {
                return attributes.String;
            }
        }

        return null;
    }
}
