using K8sNet.Linux;

namespace K8sNet.Ipam.Store;

/// <summary>
/// Directories of the store are created 0700 (parents too), whatever the umask, and must be directories themselves:
/// a link is never followed out of the lease directory (issue 16).
/// </summary>
internal static class PrivateDirectory
{
    private const int Mode = 0x1C0; // 0700

    /// <summary>
    /// The lease directory: created if missing (with dataDir), refused if something else has its name. A link is
    /// refused too, not followed: the leases could be anywhere, and DEL cannot claim it released them.
    /// </summary>
    public static void Create(string path)
    {
        var kind = NoFollow.Status(path).Kind;
        if (kind == EntryKind.Missing)
        {
            CreateParents(path);
            if (NoFollow.TryMakeDirectory(path, Mode))
            {
                return;
            }

            kind = NoFollow.Status(path).Kind;
        }

        if (kind != EntryKind.Directory)
        {
            throw new IOException($"{path} is {NoFollow.Describe(kind)}, not a directory; K8sNet follows no link out of its lease directory");
        }
    }

    /// <summary>dataDir and any missing parent, 0700 like the rest (they are where dataDir says, so they may be links).</summary>
    private static void CreateParents(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the lease store needs Linux file semantics (flock, link)");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// A directory the store alone owns (<c>.k8snet</c> and what is in it, all rebuildable from the lease files): whatever
    /// else has its name, a FIFO, a file or a link, is removed (a link's target is not touched) and the directory made.
    /// False if, after that, the name is still not a directory (something else took it in between).
    /// </summary>
    public static bool CreateOwned(string path)
    {
        var kind = NoFollow.Status(path).Kind;
        if (kind == EntryKind.Directory)
        {
            return true;
        }

        if (kind != EntryKind.Missing)
        {
            NoFollow.Remove(path);
        }

        return NoFollow.TryMakeDirectory(path, Mode) || NoFollow.Status(path).Kind == EntryKind.Directory;
    }
}
