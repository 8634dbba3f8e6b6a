using System.Runtime.InteropServices;
using Tmds.Linux;
using TmdsLibC = Tmds.Linux.LibC;

namespace K8sNet.Linux.Interop;

/// <summary>
/// Looking at a directory entry without following it or blocking on it (issue 16): statx (one struct layout on every
/// architecture, unlike struct stat), mkdir, rmdir, rename, and readdir (names only: no stat of an entry, let alone of
/// what a link points to). <see cref="NoFollow"/> wraps them.
/// </summary>
internal static partial class Libc
{
    // <fcntl.h>
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const int RENAME_NOREPLACE = 1;

    // <sys/stat.h>: what is asked of statx, and the file types of st_mode.
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_NLINK = 0x4;
    internal const uint STATX_MTIME = 0x40;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_SIZE = 0x200;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFIFO = 0x1000;
    internal const int S_IFDIR = 0x4000;
    internal const int S_IFREG = 0x8000;
    internal const int S_IFLNK = 0xA000;
    internal const int S_IFSOCK = 0xC000;

    internal static unsafe int Statx(int dirFd, string path, int flags, uint mask, statx* buffer)
    {
        fixed (byte* name = CString.Encode(path, "statx", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.statx(dirFd, name, flags, mask, buffer);
        }
    }

    internal static unsafe int Mkdir(string path, uint mode)
    {
        fixed (byte* name = CString.Encode(path, "mkdir", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.mkdir(name, (ushort)mode);
        }
    }

    internal static unsafe int Rmdir(string path)
    {
        fixed (byte* name = CString.Encode(path, "rmdir", stackalloc byte[CString.StackBytes]))
        {
            return TmdsLibC.rmdir(name);
        }
    }

    /// <summary>rename(2), as renameat2 without flags: one import serves both.</summary>
    internal static int Rename(string oldPath, string newPath) => Renameat2(oldPath, newPath, 0);

    /// <summary>renameat2(2) relative to the working directory; with RENAME_NOREPLACE it fails with EEXIST instead of replacing.</summary>
    internal static unsafe int Renameat2(string oldPath, string newPath, uint flags)
    {
        fixed (byte* from = CString.Encode(oldPath, "renameat2", stackalloc byte[CString.StackBytes]))
        fixed (byte* to = CString.Encode(newPath, "renameat2", stackalloc byte[CString.StackBytes]))
        {
            return Renameat2Import(AT_FDCWD, from, AT_FDCWD, to, flags);
        }
    }

    internal static unsafe nint Opendir(string path)
    {
        fixed (byte* name = CString.Encode(path, "opendir", stackalloc byte[CString.StackBytes]))
        {
            return OpendirImport(name);
        }
    }

    /// <summary>
    /// readdir(3), not in Tmds.LibC: a struct dirent* (glibc, 64-bit: <c>ino_t d_ino; off_t d_off; unsigned short
    /// d_reclen; unsigned char d_type; char d_name[256]</c>, so d_name at <see cref="DirentNameOffset"/>), or null at
    /// the end of the directory.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "readdir", SetLastError = true)]
    internal static partial nint Readdir(nint dir);

    internal const int DirentNameOffset = 19;

    [LibraryImport(Name, EntryPoint = "closedir", SetLastError = true)]
    internal static partial int Closedir(nint dir);

    /// <summary>renameat2(2) (glibc 2.28+): not in Tmds.LibC.</summary>
    [LibraryImport(Name, EntryPoint = "renameat2", SetLastError = true)]
    private static unsafe partial int Renameat2Import(int oldDirFd, byte* oldPath, int newDirFd, byte* newPath, uint flags);

    /// <summary>opendir(3): not in Tmds.LibC.</summary>
    [LibraryImport(Name, EntryPoint = "opendir", SetLastError = true)]
    private static unsafe partial nint OpendirImport(byte* path);
}
