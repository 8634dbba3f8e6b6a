using System.Text;
using K8sNet.Linux;

namespace K8sNet.Ipam.Store;

/// <summary>
/// Reads and writes the store's small files with mode 0600 (never via the umask). Nothing is followed or blocked on:
/// a read accepts only a regular file, and a write creates a new file, so a FIFO or a link planted under the name is
/// neither opened nor written through.
/// </summary>
internal static class SmallFile
{
    public const int Mode = 0x180; // 0600

    /// <summary>The file's text, or null if it is missing, not a regular file, or cannot be read.</summary>
    public static string? TryRead(string path) => TryRead(path, out _);

    /// <inheritdoc cref="TryRead(string)"/>
    public static string? TryRead(string path, out EntryKind kind) =>
        NoFollow.TryReadRegular(path, out kind) is { } bytes ? DecodeUtf8(bytes) : null;

    /// <summary>UTF-8 text without a byte order mark, as File.ReadAllText returned it.</summary>
    private static string DecodeUtf8(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsSpan(3) : bytes);

    /// <summary>
    /// Write to <paramref name="tempPath"/> then rename over <paramref name="path"/>: readers see old or new, never half.
    /// A link at <paramref name="path"/> is replaced, not followed; so is a directory when the store owns the name.
    /// </summary>
    public static void ReplaceAtomically(string path, string tempPath, string text, bool ownsPath = true)
    {
        WriteNew(tempPath, Encoding.UTF8.GetBytes(text));
        try
        {
            NoFollow.Rename(tempPath, path);
        }
        catch (ErrnoException ex) when (ownsPath && ex.Errno is Errno.EISDIR or Errno.ENOTEMPTY or Errno.EEXIST)
        {
            NoFollow.Remove(path);
            NoFollow.Rename(tempPath, path);
        }
    }

    /// <summary>
    /// Creates the file and writes it (not fsync'd: see <see cref="LeaseStore"/>). The names are the store's own temp
    /// and index files: whatever is left under one (a torn temp file, or a FIFO someone made) is removed first.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        var fd = NoFollow.TryCreateNew(path, Mode);
        if (fd < 0)
        {
            NoFollow.Remove(path);
            fd = NoFollow.TryCreateNew(path, Mode);
        }

        if (fd < 0)
        {
            throw new ErrnoException(Errno.EEXIST, "open", path);
        }

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
