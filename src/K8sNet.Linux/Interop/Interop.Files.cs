using System.Runtime.InteropServices;

namespace K8sNet.Linux.Interop;

internal static partial class Libc
{
    // <fcntl.h> (x86_64 and arm64 share these values)
    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    internal const int O_CREAT = 0x40;
    internal const int O_APPEND = 0x400;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(SafeFdHandle fd, void* buf, nuint count);

    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeFdHandle fd, void* buf, nuint count);

    /// <summary>
    /// fstatfs(2). Only f_type (the first member, a long on every 64-bit Linux ABI) is read, so the caller passes a
    /// buffer comfortably larger than struct statfs (120 bytes on x86_64/arm64) instead of mirroring it.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "fstatfs", SetLastError = true)]
    internal static unsafe partial int FStatFs(SafeFdHandle fd, void* buf);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFdHandle fd, nuint request);
}
