using K8sNet.Linux.Interop;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>Handles a reply message (not an ACK/DONE) addressed to the request being executed.</summary>
public delegate void NetlinkReplyHandler(NetlinkMessage reply);

/// <summary>Turns one dump message into a value, or returns false to skip it.</summary>
public delegate bool NetlinkParser<T>(NetlinkMessage message, out T value);

/// <summary>
/// A netlink socket of any protocol (NETLINK_ROUTE, NETLINK_NETFILTER, …) bound to the netns it was created in.
/// It only sends, receives, matches replies to requests (sequence number + our port id), collects ACKs, restarts
/// interrupted dumps and maps NLMSG_ERROR to <see cref="ErrnoException"/>; message contents belong to the callers.
/// One socket serves every request for its netns; calls are serialised by a lock.
/// </summary>
public sealed partial class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024; // the kernel caps dump skbs at 32 KiB
    private const int MaxDumpAttempts = 10;

    private readonly SafeFdHandle _fd;
    // One receive buffer per thread, shared by the sockets it uses: a call receives and parses its replies before it
    // returns (reply handlers only parse, and a NetlinkMessage cannot outlive the call), so sockets used one after
    // the other on a thread never overlap in it. A buffer per socket was 192 KiB of an ADD's 320 KiB of allocations
    // (node, pod and nftables sockets). Not zeroed: recv(2) writes what is read, and zeroing 64 KiB cost more CPU
    // than the rest of a socket's life, and a fresh page of peak RSS for each of its 16 pages.
    [ThreadStatic]
    private static byte[]? t_receiveBuffer;
    private readonly Lock _gate = new();
    private uint _lastSequence;

    private static byte[] ReceiveBuffer => t_receiveBuffer ??= GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);

    private NetlinkSocket(SafeFdHandle fd, int protocol)
    {
        _fd = fd;
        Protocol = protocol;
        PortId = Configure(fd);
        _lastSequence = (uint)Environment.TickCount;
    }

    /// <summary>The netlink protocol (socket(2) third argument).</summary>
    public int Protocol { get; }

    /// <summary>Our port id, assigned by the kernel at bind; replies carry it in nlmsg_pid.</summary>
    public uint PortId { get; }

    /// <summary>Opens a socket in the netns of the calling thread.</summary>
    public static NetlinkSocket Open(int protocol) => new(CreateFd(protocol), protocol);

    /// <summary>
    /// Opens a socket inside <paramref name="netns"/>: only socket(2) runs in the namespace, between a setns there
    /// and one back (<see cref="NetNsRunner.RunOnCallingThread{T}"/>). The socket keeps acting on that netns from any
    /// thread and in any namespace.
    /// </summary>
    public static NetlinkSocket Open(int protocol, NetNs netns)
    {
        ArgumentNullException.ThrowIfNull(netns);
        var fd = NetNsRunner.RunOnCallingThread(netns, () => CreateFd(protocol));
        return new NetlinkSocket(fd, protocol);
    }

    /// <summary>
    /// Sends every message in <paramref name="request"/> in one datagram (a batch when there are several) and waits
    /// until each message that asked for NLM_F_ACK is acknowledged. Replies other than ACKs go to
    /// <paramref name="onReply"/>. The first NLMSG_ERROR becomes an <see cref="ErrnoException"/> naming
    /// <paramref name="operation"/> and <paramref name="target"/>.
    /// </summary>
    public void Execute(NetlinkWriter request, string operation, string target, NetlinkReplyHandler? onReply = null)
    {
        if (TryExecute(request, operation, target, onReply) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// <see cref="Execute"/> for a request whose failure is an answer ("is it there?"): the kernel's error comes back
    /// as a value instead of being thrown. Null when every message was acknowledged. A throw costs far more than the
    /// request in a short-lived process (the unwinder's tables are paged in for it), and ADD and DEL ask such
    /// questions on every run.
    /// </summary>
    public ErrnoException? TryExecute(NetlinkWriter request, string operation, string target, NetlinkReplyHandler? onReply = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var first = StampSequences(request, out var acksWanted);
            Send(request, operation, target);
            return CollectAcks(first, request.MessageCount, acksWanted, operation, target, onReply);
        }
    }

    /// <summary>
    /// Sends one NLM_F_DUMP request and parses every reply until NLMSG_DONE. A dump the kernel marks
    /// NLM_F_DUMP_INTR (the table changed meanwhile) is thrown away and repeated, so callers never see a torn list.
    /// </summary>
    public List<T> Dump<T>(NetlinkWriter request, NetlinkParser<T> parse, string operation, string target)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parse);
        if (request.MessageCount != 1)
        {
            throw new ArgumentException("a dump is exactly one request message", nameof(request));
        }

        lock (_gate)
        {
            var results = new List<T>();
            for (var attempt = 1; ; attempt++)
            {
                results.Clear();
                var sequence = StampSequences(request, out _);
                Send(request, operation, target);
                if (!ReceiveDump(sequence, results, parse, operation, target))
                {
                    return results;
                }

                if (attempt == MaxDumpAttempts)
                {
                    throw new ErrnoException(Errno.EINTR, operation, target, $"dump interrupted {MaxDumpAttempts} times in a row");
                }
            }
        }
    }

    public void Dispose() => _fd.Dispose();
}
