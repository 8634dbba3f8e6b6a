using K8sNet.Linux;

namespace K8sNet.Ipam.Store;

/// <summary>
/// Files the store keeps instead of deleting them, to reuse for the next lease or index entry:
/// <c>.k8snet/spare/0</c> to <c>7</c>. A DEL moves a released lease file or index entry here (rename: no inode is
/// freed) and an ADD moves one back under its temp name and rewrites it (no inode is allocated). Creating an inode is
/// the costliest file step of an ADD on ext4 without a journal: the allocator skips every inode freed in the last
/// minute, so under pod churn each new file cost ~0.4 ms here (perf: 1,763 samples of 100 ADDs in ext4_new_inode).
/// <para>Spares are anonymous scratch, emptied when parked: a released lease or index entry names a container and
/// an address, and tools walk this tree (grep -r; the reference's host-local compares every file's content with
/// <c>id\r\nifname</c>, sub-directories included), so nothing may name a pod that is gone. Emptying keeps the inode
/// (and ext4 drops the block at once; the next ADD's write allocates one lazily). A spare is reused only if it is a
/// regular file with one name (see <see cref="NoFollow.TryOverwriteRegular"/>); anything else is removed and a new
/// file made. A crash at any point leaves at worst a spare too many or too few, or one parked but not yet empty.</para>
/// </summary>
internal sealed class SpareFiles
{
    private const int Slots = 8;

    public SpareFiles(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>
    /// Moves a spare to <paramref name="path"/> (which must not exist) and writes <paramref name="bytes"/> over it;
    /// false, with nothing left at <paramref name="path"/>, when no usable spare is there.
    /// </summary>
    public bool TryReuse(string path, ReadOnlySpan<byte> bytes)
    {
        if (!TryTake(path))
        {
            return false;
        }

        if (NoFollow.TryOverwriteRegular(path, bytes))
        {
            return true;
        }

        NoFollow.Remove(path);
        return false;
    }

    /// <summary>
    /// Takes the store's own file at <paramref name="path"/> off its name: kept as a spare when it is a regular file
    /// with one name and a slot is free, else removed (a link is removed, never followed). False if nothing was there.
    /// </summary>
    public bool Retire(string path)
    {
        var status = NoFollow.Status(path);
        if (status.Kind == EntryKind.Missing)
        {
            return false;
        }

        if (status.Kind == EntryKind.Regular && status.Links == 1 && PrivateDirectory.CreateOwned(Directory)
            && AnySlot(slot => TryPark(path, slot)))
        {
            return true;
        }

        NoFollow.Remove(path);
        return true;
    }

    /// <summary>Moves the file into a free slot and empties it there; a spare that cannot be emptied is removed.</summary>
    private static bool TryPark(string path, string slot)
    {
        if (!NoFollow.TryMove(path, slot, noReplace: true))
        {
            return false;
        }

        try
        {
            if (NoFollow.TryEmptyRegular(slot))
            {
                return true;
            }
        }
        catch (ErrnoException)
        {
            // Removed below: a spare that still names the pod is worth less than the inode it saves.
        }

        NoFollow.Remove(slot);
        return true;
    }

    private bool TryTake(string path) =>
        NoFollow.Status(Directory).Kind == EntryKind.Directory && AnySlot(slot => NoFollow.TryMove(slot, path, noReplace: true));

    /// <summary>
    /// Tries the move for each slot until one succeeds. An error (the directory changed under us, a read-only file
    /// system) ends the search as "no slot": the caller then makes a new file or removes the old one, and meets the
    /// real error there if there is one.
    /// </summary>
    private bool AnySlot(Func<string, bool> tryMove)
    {
        try
        {
            for (var slot = 0; slot < Slots; slot++)
            {
                if (tryMove(Path.Combine(Directory, slot.ToString())))
                {
                    return true;
                }
            }
        }
        catch (ErrnoException)
        {
            // See the summary: falling back is the answer.
        }

        return false;
    }
}
