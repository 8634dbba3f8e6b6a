using System.Text;
using K8sNet.Linux;

namespace K8sNet.Ipam.Store;

/// <summary>Reads and writes the store's small files with mode 0600 (never via the umask).</summary>
internal static class SmallFile
{
    public const int Mode = 0x180; // 0600

    /// <summary>The file's text, or null if it does not exist or cannot be read.</summary>
    public static string? TryRead(string path)
    {
        return Posix.TryReadAll(path) is { } bytes ? DecodeUtf8(bytes) : null;
    }

    /// <summary>UTF-8 text without a byte order mark, as File.ReadAllText returned it.</summary>
    private static string DecodeUtf8(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsSpan(3) : bytes);

    /// <summary>Write to <paramref name="tempPath"/> then rename over <paramref name="path"/>: readers see old or new, never half.</summary>
    public static void ReplaceAtomically(string path, string tempPath, string text)
    {
        WriteNew(tempPath, Encoding.UTF8.GetBytes(text));
        File.Move(tempPath, path, overwrite: true);
    }

    /// <summary>Creates (or truncates) a file and writes it (not fsync'd: see <see cref="LeaseStore"/>).</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        var fd = Posix.OpenOrThrow(path, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC | Posix.O_NOFOLLOW, Mode);
        try
        {
            Posix.WriteAll(fd, bytes, path);
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
