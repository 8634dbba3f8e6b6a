using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>
/// The iproute2-shaped API over one NETLINK_ROUTE socket bound to one network namespace. Open one per netns (node,
/// pod) and reuse it for every operation: the socket keeps acting on its namespace whichever thread calls, so no
/// operation here ever switches namespaces. Errors are <see cref="ErrnoException"/>s naming the `ip` command, the
/// object and the errno (ENODEV on links as <see cref="LinkNotFoundException"/>). Calls are serialised.
/// </summary>
public sealed partial class RouteNetlink : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly NetlinkWriter _writer = new();

    private RouteNetlink(NetlinkSocket socket, string where)
    {
        _socket = socket;
        Namespace = where;
    }

    /// <summary>Where this handle acts: the netns path, or "current" for the process's own namespace.</summary>
    public string Namespace { get; }

    /// <summary>A handle on the calling thread's (normally the process's) network namespace.</summary>
    public static RouteNetlink Open() => new(NetlinkSocket.Open(NetlinkConstants.NETLINK_ROUTE), "current");

    /// <summary>A handle on <paramref name="netns"/>; only socket(2) runs inside it, on a throwaway thread.</summary>
    public static RouteNetlink Open(NetNs netns)
    {
        ArgumentNullException.ThrowIfNull(netns);
        return new(NetlinkSocket.Open(NetlinkConstants.NETLINK_ROUTE, netns), netns.Path);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Builds one request with <paramref name="build"/> and waits for its ACK.</summary>
    private void Execute(Action<NetlinkWriter> build, string operation, string target, NetlinkReplyHandler? onReply = null)
    {
        lock (_writer)
        {
            _writer.Reset();
            build(_writer);
            _socket.Execute(_writer, operation, target, onReply);
        }
    }

    /// <summary>Like <see cref="Execute"/>, but the kernel's error is returned, not thrown (see NetlinkSocket.TryExecute).</summary>
    private ErrnoException? TryExecute(Action<NetlinkWriter> build, string operation, string target, NetlinkReplyHandler? onReply)
    {
        lock (_writer)
        {
            _writer.Reset();
            build(_writer);
            return _socket.TryExecute(_writer, operation, target, onReply);
        }
    }

    private List<T> Dump<T>(Action<NetlinkWriter> build, NetlinkParser<T> parse, string operation, string target)
    {
        lock (_writer)
        {
            _writer.Reset();
            build(_writer);
            return _socket.Dump(_writer, parse, operation, target);
        }
    }

    /// <summary>Link operations report a missing device as <see cref="LinkNotFoundException"/>.</summary>
    private void ExecuteOnLink(Action<NetlinkWriter> build, string operation, string target, NetlinkReplyHandler? onReply = null)
    {
        try
        {
            Execute(build, operation, target, onReply);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.ENODEV && ex is not LinkNotFoundException)
        {
            throw new LinkNotFoundException(ex.Operation, ex.Target, ex.KernelMessage);
        }
    }
}
