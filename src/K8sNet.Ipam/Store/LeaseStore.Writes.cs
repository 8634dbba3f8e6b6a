using K8sNet.Ipam.Ranges;
using K8sNet.Linux;
using Microsoft.Extensions.Logging;

namespace K8sNet.Ipam.Store;

/// <summary>The store's changes. Each durable step reports to <see cref="StoreContext.StepHook"/> for crash tests.</summary>
public sealed partial class LeaseStore
{
    /// <summary>Writes the lease body once; every address of this ADD is then a hard link to it.</summary>
    public void PrepareLease(LeaseContent content)
    {
        _addInProgress = true;
        NoFollow.Remove(_leaseTemp);
        var bytes = content.ToBytes();
        if (!_spares.TryReuse(_leaseTemp, bytes))
        {
            SmallFile.WriteNew(_leaseTemp, bytes);
        }

        _context.Step("lease-temp-written");
    }

    /// <summary>Publishes the prepared lease under the address's name; false if the address is taken.</summary>
    public bool TryReserve(IpValue ip)
    {
        var path = PathOf(ip);
        if (Posix.TryLink(_leaseTemp, path))
        {
            _context.Step("lease-linked");
            return true;
        }

        var status = NoFollow.Status(path);
        if (status.Kind is not EntryKind.Regular and not EntryKind.Missing)
        {
            Logger.LogWarning("host-local: {Path} is {Kind}, not a lease file; its address stays blocked", path, NoFollow.Describe(status.Kind));
            return false;
        }

        if (!IsTornLeftover(status))
        {
            return false;
        }

        Logger.LogWarning("host-local: reclaiming {Path}: an empty lease file left by an interrupted write", path);
        Posix.Unlink(path);
        return Posix.TryLink(_leaseTemp, path);
    }

    /// <summary>Indexes the ADD, moves each set's round-robin cursor, and unlocks nothing (Dispose does).</summary>
    public void CommitAdd(LeaseContent content, IReadOnlyList<(int SetIndex, IpValue Ip)> reserved, string bootId, string netNs)
    {
        Posix.Unlink(_leaseTemp);
        _context.Step("temp-removed");
        var leases = new List<StoredLease>(LeasesOf(content.ContainerId));
        foreach (var (_, ip) in reserved)
        {
            leases.Add(new StoredLease(ip, content.ContainerId, content.IfName, bootId, LeaseIndex.SafeField(netNs)));
        }

        _index.Write(content.ContainerId, leases);
        _context.Step("index-written");
        foreach (var (setIndex, ip) in reserved)
        {
            WriteCursor(setIndex, ip);
        }

        _context.Step("last-reserved-written");
        _addInProgress = false;
        Stamp();
    }

    /// <summary>
    /// The round-robin cursor of a set (shared with the reference, which reads it the same way). It only steers where
    /// the next search starts, so the ADD stands if it cannot be written (full disk, a directory under its name): a
    /// warning, and the next ADD searches from the range start.
    /// </summary>
    private void WriteCursor(int setIndex, IpValue ip)
    {
        var path = CursorPath(setIndex);
        try
        {
            SmallFile.Overwrite(path, Path.Combine(_stateDir, "last_reserved.tmp"), ip.ToString(), ownsPath: false);
        }
        catch (ErrnoException ex)
        {
            Logger.LogWarning("host-local: could not record {Ip} in {Path}: {Error}", ip, path, ex.Message);
        }
    }

    /// <summary>
    /// Undoes the links of a failed ADD; the index and cursors were not touched yet. Best effort, so that the error that
    /// failed the ADD is the one reported: on a file system that just turned read-only the links cannot be removed, and
    /// stay for the runtime's DEL (the directory is not stamped, so that DEL rebuilds the index and finds them).
    /// </summary>
    public void AbortAdd(IEnumerable<IpValue> reserved)
    {
        _addInProgress = false;
        try
        {
            foreach (var ip in reserved)
            {
                Posix.Unlink(PathOf(ip));
            }

            NoFollow.Remove(_leaseTemp);
        }
        catch (ErrnoException ex)
        {
            Logger.LogWarning("host-local: could not undo the failed ADD's leases in {Dir}: {Error}", NetworkDir, ex.Message);
            return;
        }

        Stamp();
    }

    /// <summary>
    /// Deletes the given leases of one container if their files still name that owner (a file reused by someone else is
    /// left alone) and drops them from the index. Returns the addresses freed.
    /// </summary>
    public IReadOnlyList<IpValue> Release(string containerId, IReadOnlyCollection<StoredLease> leases)
    {
        var freed = new List<IpValue>();
        foreach (var lease in leases)
        {
            if (OwnerOf(lease.Ip) is { } owner && owner == lease.Content && _spares.Retire(PathOf(lease.Ip)))
            {
                freed.Add(lease.Ip);
                _context.Step("lease-unlinked");
            }
        }

        var remaining = new List<StoredLease>();
        foreach (var lease in LeasesOf(containerId))
        {
            if (!Releases(leases, lease.Ip))
            {
                remaining.Add(lease);
            }
        }

        _index.Write(containerId, remaining);
        _context.Step("index-written");
        Stamp();
        return freed;
    }

    /// <summary>Removes empty lease files older than the grace period (GC); returns how many.</summary>
    public int RemoveTornLeftovers()
    {
        var removed = 0;
        foreach (var (_, path) in IndexRebuilder.LeaseFiles(NetworkDir))
        {
            if (IsTornLeftover(NoFollow.Status(path)) && Posix.Unlink(path))
            {
                Logger.LogWarning("host-local: removed {Path}: an empty lease file left by an interrupted write", path);
                removed++;
            }
        }

        if (removed > 0)
        {
            Stamp();
        }

        return removed;
    }

    /// <summary>An empty regular file (never a link, whatever it points to) older than the grace period.</summary>
    private bool IsTornLeftover(EntryStatus status) =>
        status.Kind == EntryKind.Regular && status.Size == 0 && _context.UtcNow() - status.ModifiedUtc > _context.TornLeaseGrace;

    private static bool Releases(IReadOnlyCollection<StoredLease> released, IpValue ip)
    {
        foreach (var lease in released)
        {
            if (lease.Ip == ip)
            {
                return true;
            }
        }

        return false;
    }
}
