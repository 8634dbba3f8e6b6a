using System.Runtime.InteropServices;

namespace K8sNet.Ipam.Store.Interop;

/// <summary>
/// The few file syscalls the lease store needs that .NET does not expose: flock, link(2) as an
/// exclusive publish, open with O_EXCL, and utimensat. Raw imports only; <see cref="Posix"/> wraps them.
/// Constants are the Linux generic values (asm-generic/fcntl.h, x86-64 and arm64 alike).
/// </summary>
internal static partial class Libc
{
    private const string Library = "libc";

    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_TRUNC = 0x200;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;

    public const int LOCK_EX = 2;

    public const int AT_FDCWD = -100;
    public const long UTIME_OMIT = (1L << 30) - 2;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EEXIST = 17;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    /// <summary>struct timespec { time_t tv_sec; long tv_nsec; } on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long TvSec;
        public long TvNsec;
    }

    [LibraryImport(Library, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Utimensat(int dirFd, string path, Timespec* times, int flags);
}
