using System.Text;
using K8sNet.Linux;

namespace K8sNet.Ipam.Store;

/// <summary>
/// Reads and writes the store's small files with mode 0600 (never via the umask). Nothing is followed or blocked on:
/// a read accepts only a regular file; a write creates a new file, or rewrites in place only a regular file that has
/// no second name, so a FIFO or a link planted under the name is neither opened for writing nor written through.
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
    public static void ReplaceAtomically(string path, string tempPath, string text, bool ownsPath = true) =>
        ReplaceAtomically(path, tempPath, Encoding.UTF8.GetBytes(text), ownsPath);

    private static void ReplaceAtomically(string path, string tempPath, byte[] bytes, bool ownsPath)
    {
        WriteNew(tempPath, bytes);
        MoveIntoPlace(tempPath, path, ownsPath);
    }

    /// <summary>
    /// Renames a written temp file over <paramref name="path"/>; a directory there is removed first when the store owns
    /// the name (a link or file is simply replaced by the rename, never followed).
    /// </summary>
    public static void MoveIntoPlace(string tempPath, string path, bool ownsPath)
    {
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
    /// For a file that only steers (the round-robin cursor, which the reference rewrites in place too): rewritten in
    /// place when a plain file is there, so an ADD allocates and frees no inode for it (see <see cref="SpareFiles"/> on
    /// what a new inode costs); replaced atomically the first time and when something else has the name. A crash
    /// mid-write leaves a torn hint, never a torn lease.
    /// </summary>
    public static void Overwrite(string path, string tempPath, string text, bool ownsPath)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!NoFollow.TryOverwriteRegular(path, bytes))
        {
            ReplaceAtomically(path, tempPath, bytes, ownsPath);
        }
    }

    /// <summary>
    /// Writes a file that is normally new (an index entry) straight under its name, without a temp file and rename;
    /// replaces it atomically when the name exists. A crash between the create and the write leaves an empty entry,
    /// which reads as unreadable and makes the next call rebuild the index (as the unstamped directory does anyway).
    /// </summary>
    public static void CreateOrReplace(string path, string tempPath, byte[] bytes)
    {
        var fd = NoFollow.TryCreateNew(path, Mode);
        if (fd < 0)
        {
            ReplaceAtomically(path, tempPath, bytes, ownsPath: true);
            return;
        }

        var written = false;
        try
        {
            Posix.WriteAll(fd, bytes, path);
            written = true;
        }
        finally
        {
            Posix.Close(fd);
            if (!written)
            {
                RemoveBestEffort(path);
            }
        }
    }

    /// <summary>After a failed write: the write's error is the one to report; an empty entry left here is rebuilt anyway.</summary>
    private static void RemoveBestEffort(string path)
    {
        try
        {
            Posix.Unlink(path);
        }
        catch (ErrnoException)
        {
            // Reported by the write that failed; the next call's rebuild replaces the entry.
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
