using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>Matching replies to the request in flight and turning NLMSG_ERROR/NLMSG_DONE into outcomes.</summary>
public sealed partial class NetlinkSocket
{
    /// <summary>Waits for the ACKs; returns the first NLMSG_ERROR as an exception (not thrown), or null.</summary>
    private ErrnoException? CollectAcks(uint first, int count, int acksWanted, string operation, string target, NetlinkReplyHandler? onReply)
    {
        ErrnoException? failure = null;
        while (acksWanted > 0)
        {
            // After a failure, take only what is already queued: an aborted batch need not ack the rest.
            var length = Receive(dontWait: failure is not null, operation, target);
            if (length == 0)
            {
                break;
            }

            var reader = new NetlinkMessageReader(ReceiveBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (!IsOurs(message, first, count))
                {
                    continue;
                }

                if (message.Type == NetlinkConstants.NLMSG_ERROR)
                {
                    acksWanted--;
                    var error = NetlinkErrors.FromErrorMessage(message, operation, Describe(target, message, first, count));
                    failure ??= error;
                }
                else if (message.Type != NetlinkConstants.NLMSG_NOOP && message.Type != NetlinkConstants.NLMSG_DONE)
                {
                    onReply?.Invoke(message);
                }
            }
        }

        return failure;
    }

    /// <summary>Reads one dump to NLMSG_DONE; returns true when the kernel flagged it interrupted.</summary>
    private bool ReceiveDump<T>(uint sequence, List<T> results, NetlinkParser<T> parse, string operation, string target)
    {
        var interrupted = false;
        while (true)
        {
            var length = Receive(dontWait: false, operation, target);
            var reader = new NetlinkMessageReader(ReceiveBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (!IsOurs(message, sequence, 1))
                {
                    continue;
                }

                interrupted |= (message.Header.nlmsg_flags & NetlinkConstants.NLM_F_DUMP_INTR) != 0;
                switch (message.Type)
                {
                    case NetlinkConstants.NLMSG_DONE:
                        NetlinkErrors.ThrowIfDoneCarriesError(message, operation, target);
                        return interrupted;
                    case NetlinkConstants.NLMSG_ERROR:
                        throw NetlinkErrors.FromErrorMessage(message, operation, target)
                            ?? new ErrnoException(Errno.EIO, operation, target, "unexpected ACK in the middle of a dump");
                    case NetlinkConstants.NLMSG_NOOP:
                        break;
                    default:
                        if (parse(message, out var value))
                        {
                            results.Add(value);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>A reply for the request in flight: to our port, with a sequence number we just used.</summary>
    private bool IsOurs(NetlinkMessage message, uint first, int count) =>
        message.Header.nlmsg_pid == PortId && unchecked(message.Header.nlmsg_seq - first) < (uint)count;

    private static string Describe(string target, NetlinkMessage message, uint first, int count) =>
        count == 1 ? target : $"{target} (message {unchecked(message.Header.nlmsg_seq - first) + 1} of {count})";
}
