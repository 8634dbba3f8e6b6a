using System.Runtime.InteropServices;
using System.Text;
using K8sNet.Linux.Interop;
using Tmds.Linux;

namespace K8sNet.Linux;

/// <summary>What is at a path itself (lstat), a link never followed.</summary>
public enum EntryKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    Device,
}

/// <summary>What lstat says of an entry: its kind, size, modification time (also to the nanosecond) and number of names.</summary>
public readonly record struct EntryStatus(EntryKind Kind, long Size, DateTime ModifiedUtc, long ModifiedNanoseconds, uint Links = 0);

/// <summary>
/// Lease directory entries looked at without following a link or blocking on them (issue 16: one FIFO named like an
/// address made every ADD and DEL of the network hang). Reads open with O_NOFOLLOW|O_NONBLOCK and accept only what
/// fstat calls a regular file; listings come from readdir, which names entries without looking at them.
/// </summary>
public static class NoFollow
{
    /// <summary>lstat(2) through statx: Missing when nothing (or no directory on the way) is there.</summary>
    public static unsafe EntryStatus Status(string path)
    {
        statx buffer;
        while (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_SIZE | Libc.STATX_MTIME | Libc.STATX_NLINK, &buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Errno.ENOENT or Errno.ENOTDIR)
            {
                return default;
            }

            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, "statx", path);
            }
        }

        return StatusOf(buffer);
    }

    /// <summary>
    /// The whole content of a small regular file; null with <paramref name="kind"/> saying what was there instead
    /// (Missing, a link, a FIFO, a directory...) or Regular if it could not be read. Plain open/read/close:
    /// File.ReadAllText's stream, lock emulation and reader set-up cost more than the read.
    /// </summary>
    public static unsafe byte[]? TryReadRegular(string path, out EntryKind kind)
    {
        var fd = OpenEntry(path, Libc.O_RDONLY);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            kind = errno switch
            {
                Errno.ENOENT or Errno.ENOTDIR => EntryKind.Missing,
                Errno.ELOOP => EntryKind.SymbolicLink,
                _ => KindAt(path),
            };
            return null;
        }

        try
        {
            statx buffer;
            if (Libc.Statx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE, &buffer) != 0)
            {
                kind = EntryKind.Regular;
                return null;
            }

            kind = KindOf(buffer.stx_mode);
            return kind == EntryKind.Regular ? ReadToEnd(fd) : null;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// open(2) of what has the name, without following a link there or blocking on a FIFO (O_NOFOLLOW|O_NONBLOCK), EINTR
    /// retried: the descriptor, or -1 with errno as open left it. The callers look at the open file before using it.
    /// </summary>
    private static int OpenEntry(string path, int access)
    {
        int fd;
        do
        {
            fd = Libc.Open(path, access | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        return fd;
    }

    /// <summary>
    /// open(O_CREAT|O_EXCL|O_NOFOLLOW) for writing: a new file's descriptor (the caller closes it), or -1 if something
    /// of any kind has the name. Never opens what exists, so never writes through a link or blocks on a FIFO.
    /// </summary>
    public static int TryCreateNew(string path, int mode)
    {
        while (true)
        {
            var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, (uint)mode);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EEXIST)
            {
                return -1;
            }

            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, "open", path);
            }
        }
    }

    /// <summary>
    /// Rewrites a file in place (truncate, then write) if the name is a regular file with no other hard link; false,
    /// having written nothing, if it is missing, anything else (a link, a FIFO, a directory, a device: never opened
    /// for writing) or a file that a second name shares (writing it would change a file outside the store). For the
    /// store's own files, where an ADD must not pay for a new inode. The text is written over the old one from the
    /// start, then the file is cut to its length: a crash in between leaves the new text followed by the old one's
    /// tail. Never truncated to zero first: ext4 then flushes the file's blocks at close (auto_da_alloc), measured at
    /// 0.2 ms per ADD.
    /// </summary>
    public static bool TryOverwriteRegular(string path, ReadOnlySpan<byte> bytes)
    {
        var fd = OpenSoleRegularForWriting(path, out var size);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            Posix.WriteAll(fd, bytes, path);
            if (size > bytes.Length && Libc.Ftruncate(fd, bytes.Length) != 0)
            {
                throw new ErrnoException(Marshal.GetLastPInvokeError(), "ftruncate", path);
            }

            return true;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Cuts a file to length 0 if the name is a regular file with no other hard link (the same checks as
    /// <see cref="TryOverwriteRegular"/>); false, having changed nothing, otherwise. For a file kept only for its
    /// inode, whose old content must not outlive its purpose.
    /// </summary>
    public static bool TryEmptyRegular(string path)
    {
        var fd = OpenSoleRegularForWriting(path, out var size);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return size == 0 || Libc.Ftruncate(fd, 0) == 0
                ? true
                : throw new ErrnoException(Marshal.GetLastPInvokeError(), "ftruncate", path);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// An fd open for writing (not truncated) on <paramref name="path"/>, or -1 when it is missing, not a regular file,
    /// or shares its inode with a second name. Checked on the open file before anything changes: a FIFO or device
    /// swapped in after the lstat, or a second name made for the file, is closed untouched (O_TRUNC at open would
    /// already have emptied a shared file).
    /// </summary>
    private static unsafe int OpenSoleRegularForWriting(string path, out long size)
    {
        size = 0;
        if (Status(path).Kind != EntryKind.Regular)
        {
            return -1;
        }

        var fd = OpenEntry(path, Libc.O_WRONLY);
        if (fd < 0)
        {
            // Replaced between the lstat and the open (ELOOP, ENXIO, EISDIR...) or gone: the caller's fallback decides.
            return -1;
        }

        statx buffer;
        if (Libc.Statx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_NLINK | Libc.STATX_SIZE, &buffer) != 0
            || KindOf(buffer.stx_mode) != EntryKind.Regular || buffer.stx_nlink != 1)
        {
            Libc.Close(fd);
            return -1;
        }

        size = (long)buffer.stx_size;
        return fd;
    }

    /// <summary>mkdir(2); false if something (of any kind) already has the name.</summary>
    public static bool TryMakeDirectory(string path, int mode)
    {
        if (Libc.Mkdir(path, (uint)mode) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EEXIST ? false : throw new ErrnoException(errno, "mkdir", path);
    }

    /// <summary>
    /// Removes whatever has the name: a file, FIFO or link is unlinked (a link's target is never touched), a directory is
    /// emptied the same way and removed. Only for the store's own entries (temp files, .k8snet): never for a lease name.
    /// </summary>
    public static void Remove(string path)
    {
        var kind = Status(path).Kind;
        if (kind == EntryKind.Directory)
        {
            foreach (var name in Names(path))
            {
                Remove(Path.Combine(path, name));
            }

            if (Libc.Rmdir(path) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != Errno.ENOENT)
            {
                throw new ErrnoException(errno, "rmdir", path);
            }
        }
        else if (kind != EntryKind.Missing)
        {
            Posix.Unlink(path);
        }
    }

    /// <summary>rename(2): replaces a file or link at <paramref name="newPath"/> (never written through), not a directory.</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (Libc.Rename(oldPath, newPath) != 0)
        {
            throw new ErrnoException(Marshal.GetLastPInvokeError(), "rename", newPath);
        }
    }

    /// <summary>
    /// rename(2) of an entry that may be missing: false if <paramref name="oldPath"/> does not exist or, with
    /// <paramref name="noReplace"/>, if something already has <paramref name="newPath"/> (renameat2 RENAME_NOREPLACE).
    /// Names are moved, never followed: a link is moved as a link.
    /// </summary>
    public static bool TryMove(string oldPath, string newPath, bool noReplace)
    {
        if (Libc.Renameat2(oldPath, newPath, noReplace ? (uint)Libc.RENAME_NOREPLACE : 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is Errno.ENOENT || (noReplace && errno == Errno.EEXIST) ? false : throw new ErrnoException(errno, "rename", newPath);
    }

    /// <summary>The names in a directory (not "." and ".."); none if it does not exist.</summary>
    public static List<string> Names(string directory)
    {
        var names = new List<string>();
        Visit(directory, names, visibleOnly: false);
        return names;
    }

    /// <summary>Whether a directory has an entry whose name does not start with a dot; reads only as far as the first.</summary>
    public static bool HasVisibleEntry(string directory) => Visit(directory, null, visibleOnly: true);

    /// <summary>readdir over the directory: collects names, or with no list stops at the first (visible) one.</summary>
    private static unsafe bool Visit(string directory, List<string>? names, bool visibleOnly)
    {
        var dir = Libc.Opendir(directory);
        if (dir == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw new ErrnoException(errno, "opendir", directory);
        }

        try
        {
            while (Libc.Readdir(dir) is var entry && entry != 0)
            {
                var name = (byte*)entry + Libc.DirentNameOffset;
                var length = new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0);
                var dotOrDotDot = (length == 1 && name[0] == '.') || (length == 2 && name[0] == '.' && name[1] == '.');
                if (dotOrDotDot || (visibleOnly && name[0] == '.'))
                {
                    continue;
                }

                if (names is null)
                {
                    return true;
                }

                names.Add(Encoding.UTF8.GetString(name, length));
            }

            return false;
        }
        finally
        {
            Libc.Closedir(dir);
        }
    }

    /// <summary>"a FIFO", "a directory"...: for log lines and errors about an entry that is not what it should be.</summary>
    public static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.Missing => "missing",
        EntryKind.Regular => "a regular file",
        EntryKind.Directory => "a directory",
        EntryKind.SymbolicLink => "a symbolic link",
        EntryKind.Fifo => "a FIFO",
        EntryKind.Socket => "a socket",
        _ => "a device",
    };

    /// <summary>After an open failed for another reason (no access, a socket): what is there, for the log line.</summary>
    private static EntryKind KindAt(string path)
    {
        try
        {
            return Status(path).Kind;
        }
        catch (ErrnoException)
        {
            return EntryKind.Regular;
        }
    }

    /// <summary>
    /// The rest of the file. The store's files are tiny (a lease is "id\r\nifname", an index entry one line per
    /// address), so they are read into the stack and copied out at their size; a larger file continues on the heap.
    /// A 4 KiB heap buffer per read was several fresh, zeroed pages per ADD.
    /// </summary>
    private static unsafe byte[]? ReadToEnd(int fd)
    {
        const int StackBytes = 1024;
        Span<byte> buffer = stackalloc byte[StackBytes];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = new byte[buffer.Length * 2];
                buffer.CopyTo(larger);
                buffer = larger;
            }

            nint n;
            fixed (byte* start = buffer)
            {
                n = Libc.Read(fd, start + length, (nuint)(buffer.Length - length));
            }

            if (n > 0)
            {
                length += (int)n;
            }
            else if (n == 0)
            {
                return buffer[..length].ToArray();
            }
            else if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                return null;
            }
        }
    }

    private static EntryStatus StatusOf(in statx buffer)
    {
        var seconds = (long)buffer.stx_mtime.tv_sec;
        var nanoseconds = (long)buffer.stx_mtime.tv_nsec;
        var ticks = (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
        return new EntryStatus(KindOf(buffer.stx_mode), (long)buffer.stx_size, DateTime.UnixEpoch.AddTicks(ticks), nanoseconds, buffer.stx_nlink);
    }

    private static EntryKind KindOf(ushort mode) => (mode & Libc.S_IFMT) switch
    {
        Libc.S_IFREG => EntryKind.Regular,
        Libc.S_IFDIR => EntryKind.Directory,
        Libc.S_IFLNK => EntryKind.SymbolicLink,
        Libc.S_IFIFO => EntryKind.Fifo,
        Libc.S_IFSOCK => EntryKind.Socket,
        _ => EntryKind.Device,
    };
}
