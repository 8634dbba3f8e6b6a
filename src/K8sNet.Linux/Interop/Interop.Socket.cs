using Tmds.Linux;
using TmdsLibC = Tmds.Linux.LibC;

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
    internal const int NETLINK_GET_STRICT_CHK = 12;
    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_TRUNC = 0x20;

    internal static int Socket(int domain, int type, int protocol) => TmdsLibC.socket(domain, type, protocol);

    internal static unsafe int Bind(SafeFdHandle fd, void* addr, int addrlen) =>
        TmdsLibC.bind(fd.Fd, (sockaddr*)addr, addrlen);

    internal static unsafe int GetSockName(SafeFdHandle fd, void* addr, int* addrlen) =>
        TmdsLibC.getsockname(fd.Fd, (sockaddr*)addr, (socklen_t*)addrlen);

    internal static unsafe int SetSockOpt(SafeFdHandle fd, int level, int optname, void* optval, int optlen) =>
        TmdsLibC.setsockopt(fd.Fd, level, optname, optval, optlen);

    internal static unsafe nint SendTo(SafeFdHandle fd, void* buf, nuint len, int flags, void* addr, int addrlen) =>
        (nint)(long)TmdsLibC.sendto(fd.Fd, buf, (size_t)(ulong)len, flags, (sockaddr*)addr, addrlen);

    internal static unsafe nint RecvFrom(SafeFdHandle fd, void* buf, nuint len, int flags, void* addr, int* addrlen) =>
        (nint)(long)TmdsLibC.recvfrom(fd.Fd, buf, (size_t)(ulong)len, flags, (sockaddr*)addr, (socklen_t*)addrlen);
}
