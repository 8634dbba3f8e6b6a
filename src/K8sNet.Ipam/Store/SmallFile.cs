using System.Text;
using K8sNet.Ipam.Store.Interop;

namespace K8sNet.Ipam.Store;

/// <summary>Reads and writes the store's small files with mode 0600 (never via the umask).</summary>
internal static class SmallFile
{
    public const int Mode = 0x180; // 0600

    /// <summary>The file's text, or null if it does not exist or cannot be read.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Write to <paramref name="tempPath"/> then rename over <paramref name="path"/>: readers see old or new, never half.</summary>
    public static void ReplaceAtomically(string path, string tempPath, string text)
    {
        WriteNew(tempPath, Encoding.UTF8.GetBytes(text));
        File.Move(tempPath, path, overwrite: true);
    }

    /// <summary>Creates (or truncates) a file and writes it (not fsync'd: see <see cref="LeaseStore"/>).</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        var fd = Posix.OpenOrThrow(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_NOFOLLOW, Mode);
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
