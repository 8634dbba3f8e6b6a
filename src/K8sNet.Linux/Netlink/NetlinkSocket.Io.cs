using System.Runtime.InteropServices;
using K8sNet.Linux.Interop;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>Socket creation and the raw send/receive syscalls.</summary>
public sealed partial class NetlinkSocket
{
    private static SafeFdHandle CreateFd(int protocol)
    {
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        return fd < 0
            ? throw ErrnoException.FromLastError("socket", $"AF_NETLINK protocol {protocol}")
            : new SafeFdHandle(fd);
    }

    private static unsafe uint Configure(SafeFdHandle fd)
    {
        var on = 1;

        // Extended ACKs carry the kernel's reason text ("Unknown device type"); capped ACKs do not echo our request.
        // Both are best effort: kernels before 4.12/4.3 lack them and the errno alone still tells the story.
        _ = Libc.SetSockOpt(fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, &on, sizeof(int));
        _ = Libc.SetSockOpt(fd, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, &on, sizeof(int));

        // A lost reply must fail the CNI call, not hang the runtime: recv gives up after this long (EAGAIN).
        var timeout = stackalloc long[2] { 10, 0 }; // struct timeval { tv_sec; tv_usec; } on 64-bit
        if (Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 2 * sizeof(long)) != 0)
        {
            throw ErrnoException.FromLastError("setsockopt SO_RCVTIMEO", "netlink socket");
        }

        var local = new SockaddrNl { nl_family = Libc.AF_NETLINK };
        if (Libc.Bind(fd, &local, SockaddrNl.Size) != 0)
        {
            throw ErrnoException.FromLastError("bind", "netlink socket");
        }

        var length = SockaddrNl.Size;
        if (Libc.GetSockName(fd, &local, &length) != 0)
        {
            throw ErrnoException.FromLastError("getsockname", "netlink socket");
        }

        return local.nl_pid;
    }

    /// <summary>
    /// NETLINK_GET_STRICT_CHK (Linux 4.20+): the kernel validates dump requests strictly and honours their filters,
    /// e.g. an address dump of one device walks that device only instead of every device of the namespace. False
    /// where the kernel lacks it; the caller then filters on its side.
    /// </summary>
    public unsafe bool TrySetStrictDumpChecks(bool on)
    {
        var value = on ? 1 : 0;
        return Libc.SetSockOpt(_fd, Libc.SOL_NETLINK, Libc.NETLINK_GET_STRICT_CHK, &value, sizeof(int)) == 0;
    }

    /// <summary>Gives every message a fresh sequence number and our port id; returns the first sequence.</summary>
    private uint StampSequences(NetlinkWriter request, out int acksWanted)
    {
        acksWanted = 0;
        var first = _lastSequence + 1;
        var span = request.BufferForStamping();
        for (var offset = 0; offset < span.Length;)
        {
            var header = MemoryMarshal.Cast<byte, NlMsgHdr>(span.Slice(offset, NlMsgHdr.Size));
            header[0].nlmsg_seq = ++_lastSequence;
            header[0].nlmsg_pid = PortId;
            if ((header[0].nlmsg_flags & NetlinkConstants.NLM_F_ACK) != 0)
            {
                acksWanted++;
            }

            offset += NetlinkConstants.Align((int)header[0].nlmsg_len);
        }

        return first;
    }

    private unsafe void Send(NetlinkWriter request, string operation, string target)
    {
        var kernel = new SockaddrNl { nl_family = Libc.AF_NETLINK };
        fixed (byte* data = request.WrittenSpan)
        {
            while (true)
            {
                var sent = Libc.SendTo(_fd, data, (nuint)request.Length, 0, &kernel, SockaddrNl.Size);
                if (sent >= 0)
                {
                    return;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException(errno, operation, target, "sending the netlink request failed");
                }
            }
        }
    }

    /// <summary>Receives one datagram from the kernel; returns its length (0 when <paramref name="dontWait"/> found none).</summary>
    private unsafe int Receive(bool dontWait, string operation, string target)
    {
        fixed (byte* data = ReceiveBuffer)
        {
            while (true)
            {
                var from = default(SockaddrNl);
                var fromLength = SockaddrNl.Size;
                var flags = Libc.MSG_TRUNC | (dontWait ? Libc.MSG_DONTWAIT : 0);
                var received = Libc.RecvFrom(_fd, data, (nuint)ReceiveBufferSize, flags, &from, &fromLength);
                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    if (errno == Errno.EAGAIN && dontWait)
                    {
                        return 0;
                    }

                    throw new ErrnoException(errno, operation, target, errno == Errno.EAGAIN ? "no netlink reply within 10 s" : null);
                }

                if (from.nl_pid != 0)
                {
                    continue; // not from the kernel: ignore (another process cannot spoof port 0)
                }

                if (received > ReceiveBufferSize)
                {
                    throw new ErrnoException(Errno.EMSGSIZE, operation, target, $"netlink reply of {received} bytes was truncated");
                }

                return (int)received;
            }
        }
    }
}
