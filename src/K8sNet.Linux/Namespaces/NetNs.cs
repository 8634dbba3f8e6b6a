using System.Runtime.InteropServices;
using K8sNet.Linux.Interop;

namespace K8sNet.Linux.Namespaces;

/// <summary>
/// An open network namespace (an fd on nsfs), from a bind mount such as /run/netns/pod1 (CNI_NETNS) or
/// /proc/PID/ns/net. Opening verifies it really is a network namespace, so a stray regular file or a pid namespace
/// fails here with a clear message instead of later with an obscure setns EINVAL.
/// </summary>
public sealed class NetNs : IDisposable
{
    private NetNs(SafeFdHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    /// <summary>The path it was opened from (for messages).</summary>
    public string Path { get; }

    internal SafeFdHandle Handle { get; }

    /// <summary>The fd, for IFLA_NET_NS_FD; valid while this object is alive.</summary>
    public int Fd => Handle.Fd;

    /// <summary>Opens and validates a network namespace file. Missing path → ErrnoException(ENOENT).</summary>
    public static NetNs Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw ErrnoException.FromLastError("open netns", path);
        }

        var handle = new SafeFdHandle(fd);
        try
        {
            EnsureNetworkNamespace(handle, path);
            return new NetNs(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The namespace of the calling thread (which is the process's unless someone called setns on it).</summary>
    public static NetNs OpenCurrentThread() => Open("/proc/thread-self/ns/net");

    /// <summary>
    /// Whether both name the same namespace: nsfs gives each namespace one inode, so (device, inode) is its identity,
    /// whichever path or fd it was opened from.
    /// </summary>
    public bool IsSameNamespaceAs(NetNs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Identity() == other.Identity();
    }

    public void Dispose() => Handle.Dispose();

    public override string ToString() => Path;

    private unsafe (uint DevMajor, uint DevMinor, ulong Inode) Identity()
    {
        Tmds.Linux.statx buffer;
        if (Libc.Statx(Handle.Fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_INO, &buffer) != 0)
        {
            throw ErrnoException.FromLastError("statx netns", Path);
        }

        return (buffer.stx_dev_major, buffer.stx_dev_minor, buffer.stx_ino);
    }

    private static unsafe void EnsureNetworkNamespace(SafeFdHandle handle, string path)
    {
        var statfs = stackalloc long[64]; // struct statfs is 120 bytes on 64-bit; f_type is its first long
        if (Libc.FStatFs(handle, statfs) != 0)
        {
            throw ErrnoException.FromLastError("fstatfs netns", path);
        }

        if (statfs[0] != Libc.NSFS_MAGIC)
        {
            throw new ArgumentException($"{path} is not a network namespace (not a file on nsfs)", nameof(path));
        }

        var type = Libc.Ioctl(handle, Libc.NS_GET_NSTYPE);
        if (type < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException(errno, "ioctl NS_GET_NSTYPE", path, $"{path} is not a network namespace");
        }

        if (type != Libc.CLONE_NEWNET)
        {
            throw new ArgumentException($"{path} is not a network namespace (it is a {KindOf(type)} namespace)", nameof(path));
        }
    }

    private static string KindOf(int cloneFlag) => cloneFlag switch
    {
        0x00020000 => "mount",
        0x02000000 => "cgroup",
        0x04000000 => "uts",
        0x08000000 => "ipc",
        0x10000000 => "user",
        0x20000000 => "pid",
        0x00000080 => "time",
        _ => $"type 0x{cloneFlag:x}",
    };
}
