using System.Text;
using K8sNet.Linux.Interop;

namespace K8sNet.Linux;

/// <summary>
/// Reads and writes /proc/sys entries. Keys use sysctl(8) spelling: "net.ipv4.conf.eth0.arp_notify", or
/// slash-separated ("net/ipv4/conf/eth0.100/arp_notify") when a segment itself contains dots (VLAN interfaces).
/// /proc/sys/net resolves against the netns of the thread that opens the file, so for a pod wrap calls in
/// <see cref="Namespaces.NetNsRunner.Run{T}"/>.
/// </summary>
public static class Sysctl
{
    private const string Root = "/proc/sys/";

    /// <summary>Pure mapping from a key to its /proc/sys path; rejects keys that could escape /proc/sys.</summary>
    public static string PathOf(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var relative = key.Contains('/') ? key.Trim('/') : key.Replace('.', '/');
        foreach (var segment in relative.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"sysctl key \"{key}\" has an empty or relative segment", nameof(key));
            }
        }

        return Root + relative;
    }

    /// <summary>The value without its trailing newline. Equivalent to: sysctl -n KEY</summary>
    public static unsafe string Read(string key)
    {
        var path = PathOf(key);
        using var fd = OpenOrThrow(path, Libc.O_RDONLY, "read sysctl");
        var buffer = stackalloc byte[4096];
        var length = Libc.Read(fd, buffer, 4096);
        if (length < 0)
        {
            throw ErrnoException.FromLastError("read sysctl", path);
        }

        return Encoding.ASCII.GetString(buffer, (int)length).TrimEnd('\n');
    }

    /// <summary>
    /// Writes the value in one write(2), as the kernel's proc handlers expect. Equivalent to: sysctl -w KEY=VALUE
    /// (ENOENT: no such key, e.g. the interface does not exist in this netns; EINVAL: value rejected).
    /// </summary>
    public static void Write(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(key);
        using var fd = OpenOrThrow(path, Libc.O_WRONLY, "write sysctl");
        WriteValue(fd, path, value);
    }

    /// <summary>
    /// <see cref="Write"/> for a key that may not exist (IPv6 keys where IPv6 is off): false, and nothing written, when
    /// there is no such key. One open instead of an existence check and an open, and no exception on the common path.
    /// </summary>
    public static bool TryWrite(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(key);
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "write sysctl", path);
        }

        using var handle = new SafeFdHandle(fd);
        WriteValue(handle, path, value);
        return true;
    }

    private static unsafe void WriteValue(SafeFdHandle fd, string path, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value + "\n");
        fixed (byte* data = bytes)
        {
            if (Libc.Write(fd, data, (nuint)bytes.Length) < 0)
            {
                throw ErrnoException.FromLastError("write sysctl", $"{path}={value}");
            }
        }
    }

    private static SafeFdHandle OpenOrThrow(string path, int mode, string operation)
    {
        var fd = Libc.Open(path, mode | Libc.O_CLOEXEC);
        return fd < 0 ? throw ErrnoException.FromLastError(operation, path) : new SafeFdHandle(fd);
    }
}
