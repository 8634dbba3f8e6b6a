using System.Runtime.InteropServices;
using Tmds.Linux;
using TmdsLibC = Tmds.Linux.LibC;

namespace K8sNet.Linux.Interop;

internal static partial class Libc
{
    // <fcntl.h>: the generic values, the same on x86_64 and arm64 (checked against gcc in StructLayoutTests).
    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_TRUNC = 0x200;
    internal const int O_APPEND = 0x400;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int O_CLOEXEC = 0x80000;

    // <sys/file.h>
    internal const int LOCK_EX = 2;

    // <fcntl.h>, <sys/stat.h>
    internal const int AT_FDCWD = -100;
    internal const long UTIME_OMIT = (1L << 30) - 2;

    internal static unsafe int Open(string path, int flags, uint mode = 0)
    {
        fixed (byte* name = CString.Encode(path, "open", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.open(name, flags, (ushort)mode);
        }
    }

    internal static int Close(int fd) => TmdsLibC.close(fd);

    internal static int Ftruncate(int fd, long length) => TmdsLibC.ftruncate(fd, length);

    internal static unsafe nint Read(int fd, void* buf, nuint count) => (nint)(long)TmdsLibC.read(fd, buf, (size_t)(ulong)count);

    internal static unsafe nint Read(SafeFdHandle fd, void* buf, nuint count) => Read(fd.Fd, buf, count);

    internal static unsafe nint Write(int fd, void* buf, nuint count) => (nint)(long)TmdsLibC.write(fd, buf, (size_t)(ulong)count);

    internal static unsafe nint Write(SafeFdHandle fd, void* buf, nuint count) => Write(fd.Fd, buf, count);

    internal static unsafe int Link(string oldPath, string newPath)
    {
        fixed (byte* from = CString.Encode(oldPath, "link", stackalloc byte[CString.StackBytes]))
        fixed (byte* to = CString.Encode(newPath, "link", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.link(from, to);
        }
    }

    internal static unsafe int Unlink(string path)
    {
        fixed (byte* name = CString.Encode(path, "unlink", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.unlink(name);
        }
    }

    /// <summary>utimensat(2) with times[0] = access, times[1] = modification; UTIME_OMIT leaves one unchanged.</summary>
    internal static unsafe int Utimensat(int dirFd, string path, timespec* times, int flags)
    {
        fixed (byte* name = CString.Encode(path, "utimensat", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.utimensat(dirFd, name, times, flags);
        }
    }

    /// <summary>flock(2): not in Tmds.LibC.</summary>
    [LibraryImport(Name, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    /// <summary>
    /// fstatfs(2), not in Tmds.LibC. Only f_type (the first member, a long on every 64-bit Linux ABI) is read, so the
    /// caller passes a buffer comfortably larger than struct statfs (120 bytes on x86_64/arm64) instead of mirroring it.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "fstatfs", SetLastError = true)]
    internal static unsafe partial int FStatFs(SafeFdHandle fd, void* buf);
}
