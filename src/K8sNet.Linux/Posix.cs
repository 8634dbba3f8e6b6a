using System.Runtime.InteropServices;
using K8sNet.Linux.Interop;

namespace K8sNet.Linux;

/// <summary>
/// The file syscalls that .NET does not expose and the lease store needs (open with O_EXCL/O_NOFOLLOW, flock, link(2)
/// as an exclusive publish, utimensat; reads and listings are <see cref="NoFollow"/>'s), over the one libc layer:
/// errno captured at once, EINTR retried, failures as
/// <see cref="ErrnoException"/>.
/// </summary>
public static class Posix
{
    public const int O_RDONLY = Libc.O_RDONLY;
    public const int O_WRONLY = Libc.O_WRONLY;
    public const int O_RDWR = Libc.O_RDWR;
    public const int O_CREAT = Libc.O_CREAT;
    public const int O_EXCL = Libc.O_EXCL;
    public const int O_TRUNC = Libc.O_TRUNC;
    public const int O_NOFOLLOW = Libc.O_NOFOLLOW;
    public const int O_NONBLOCK = Libc.O_NONBLOCK;
    public const int O_NOCTTY = Libc.O_NOCTTY;

    /// <summary>open(2) with O_CLOEXEC added; the descriptor is the caller's to <see cref="Close"/>.</summary>
    public static int OpenOrThrow(string path, int flags, int mode)
    {
        while (true)
        {
            var fd = Libc.Open(path, flags | Libc.O_CLOEXEC, (uint)mode);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, "open", path);
            }
        }
    }

    public static void Close(int fd) => Libc.Close(fd);

    public static unsafe void WriteAll(int fd, ReadOnlySpan<byte> data, string path)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.Write(fd, start + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new ErrnoException(errno, "write", path);
                }

                done += (int)n;
            }
        }
    }

    /// <summary>Blocking exclusive flock(2): advisory, per open file description, released when the fd closes.</summary>
    public static void LockExclusive(int fd, string path)
    {
        while (Libc.Flock(fd, Libc.LOCK_EX) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, "flock", path);
            }
        }
    }

    /// <summary>link(2): creates newPath only if it does not exist, atomically. False on EEXIST.</summary>
    public static bool TryLink(string oldPath, string newPath)
    {
        if (Libc.Link(oldPath, newPath) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EEXIST ? false : throw new ErrnoException(errno, "link", newPath);
    }

    /// <summary>unlink(2); false when the name did not exist.</summary>
    public static bool Unlink(string path)
    {
        if (Libc.Unlink(path) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "unlink", path);
    }

    /// <summary>Sets only the modification time (access time untouched), to the nanosecond.</summary>
    public static unsafe void SetModificationTime(string path, long seconds, long nanoseconds)
    {
        var times = stackalloc Tmds.Linux.timespec[2];
        times[0].tv_sec = 0;
        times[0].tv_nsec = (Tmds.Linux.long_t)Libc.UTIME_OMIT;
        times[1].tv_sec = seconds;
        times[1].tv_nsec = (Tmds.Linux.long_t)nanoseconds;
        if (Libc.Utimensat(Libc.AT_FDCWD, path, times, 0) != 0)
        {
            throw ErrnoException.FromLastError("utimensat", path);
        }
    }
}
