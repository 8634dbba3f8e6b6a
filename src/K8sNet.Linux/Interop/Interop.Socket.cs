using System.Runtime.InteropServices;

namespace K8sNet.Linux.Interop;

internal static partial class Libc
{
    // <sys/socket.h>, <linux/netlink.h>
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_RCVTIMEO = 20;
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;
    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_TRUNC = 0x20;

    [LibraryImport(Name, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Name, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(SafeFdHandle fd, void* addr, int addrlen);

    [LibraryImport(Name, EntryPoint = "getsockname", SetLastError = true)]
    internal static unsafe partial int GetSockName(SafeFdHandle fd, void* addr, int* addrlen);

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(SafeFdHandle fd, int level, int optname, void* optval, int optlen);

    [LibraryImport(Name, EntryPoint = "sendto", SetLastError = true)]
    internal static unsafe partial nint SendTo(SafeFdHandle fd, void* buf, nuint len, int flags, void* addr, int addrlen);

    [LibraryImport(Name, EntryPoint = "recvfrom", SetLastError = true)]
    internal static unsafe partial nint RecvFrom(SafeFdHandle fd, void* buf, nuint len, int flags, void* addr, int* addrlen);
}
