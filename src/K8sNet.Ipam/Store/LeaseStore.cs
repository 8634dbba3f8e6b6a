using K8sNet.Ipam.Ranges;
using K8sNet.Linux;
using Microsoft.Extensions.Logging;

namespace K8sNet.Ipam.Store;

/// <summary>
/// The lease store of one network, open and locked: <c>&lt;dataDir&gt;/&lt;network&gt;/&lt;ip&gt;</c> files exactly as the
/// reference host-local writes them, under the same flock'd <c>lock</c> file, so both plugins can share a node.
/// <para>Crash safety: a lease is written to <c>.k8snet/lease.tmp</c>, then published with link(2), which creates the
/// address's name atomically and only if free (EEXIST = taken). A SIGKILL leaves either no name or a complete one.
/// Nothing is fsync'd, like the reference: the page cache survives any crash of a process, and what a power loss
/// could tear or drop belongs to pods that did not survive it either (leases of an older boot are reclaimable, and
/// torn or foreign files are skipped and their addresses kept blocked). An fsync under the network's lock cost
/// 1-4 ms per ADD on this VM's disk and serialised parallel ADDs behind it (issue 7).</para>
/// <para>Index freshness: after each of its own changes K8sNet stamps the network directory's mtime with a marker
/// nanosecond value. Any other writer (reference plugin, admin, or a K8sNet run that died midway) moves the mtime to
/// the kernel clock, which misses the marker (odds ~1e-7), so the next call rebuilds the index from the lease files.
/// A change of boot id (recorded in <c>.k8snet/meta</c>) also forces a rebuild, since index files are not fsync'd.</para>
/// <para>Torn leases: the reference creates the file, then writes it (plugins#498), so a crash leaves an empty
/// file. Writers hold the lock while doing so, so under the lock an empty file is never in progress; still, only one
/// older than <see cref="StoreContext.TornLeaseGrace"/> is treated as free.</para>
/// </summary>
public sealed partial class LeaseStore : IDisposable
{
    /// <summary>The mtime nanoseconds K8sNet stamps (a multiple of 100 so .NET's 100 ns ticks read it back exactly).</summary>
    internal const long StampNanoseconds = 314_159_200;

    private readonly StoreContext _context;
    private readonly LeaseIndex _index;
    private readonly SpareFiles _spares;
    private readonly string _stateDir;
    private readonly string _leaseTemp;
    private int _lockFd = -1;

    // Between PrepareLease and CommitAdd/AbortAdd lease names exist that the index does not list yet; stamping then
    // would let a crash leave an unindexed lease behind, so the stamp waits for the end of the ADD.
    private bool _addInProgress;

    private LeaseStore(string networkDir, StoreContext context)
    {
        NetworkDir = networkDir;
        _context = context;
        _stateDir = Path.Combine(networkDir, ".k8snet");
        _leaseTemp = Path.Combine(_stateDir, "lease.tmp");
        _spares = new SpareFiles(Path.Combine(_stateDir, "spare"));
        _index = new LeaseIndex(_stateDir, _spares);
    }

    public string NetworkDir { get; }

    private ILogger Logger => _context.Logger;

    /// <summary>Creates the directories if needed, takes the lock (blocking) and makes sure the index is current.</summary>
    public static LeaseStore Open(string networkDir, StoreContext context)
    {
        var store = new LeaseStore(networkDir, context);
        try
        {
            PrivateDirectory.Create(networkDir);
            var lockPath = Path.Combine(networkDir, "lock");
            store._lockFd = OpenLock(lockPath);
            Posix.LockExclusive(store._lockFd, lockPath);
            PrivateDirectory.CreateOwned(store._stateDir);
            store.EnsureFreshIndex();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The lock file, not followed if it is a link and not blocked on if it is a FIFO. On a read-only file system it is
    /// opened read-only (flock needs no write access), so CHECK and the lookups of DEL still work there.
    /// </summary>
    private static int OpenLock(string lockPath)
    {
        const int flags = Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_NOCTTY;
        try
        {
            return Posix.OpenOrThrow(lockPath, Posix.O_RDWR | Posix.O_CREAT | flags, SmallFile.Mode);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.EROFS)
        {
            return Posix.OpenOrThrow(lockPath, Posix.O_RDONLY | flags, 0);
        }
    }

    public void Dispose()
    {
        if (_lockFd >= 0)
        {
            Posix.Close(_lockFd);
            _lockFd = -1;
        }
    }

    public string PathOf(IpValue ip) => Path.Combine(NetworkDir, ip.ToString());

    /// <summary>The leases the index lists for a container.</summary>
    public IReadOnlyList<StoredLease> LeasesOf(string containerId)
    {
        if (_index.Read(containerId) is { } leases)
        {
            return leases;
        }

        Logger.LogWarning("host-local: index entry of {Id} is unreadable; rebuilding the index", containerId);
        Rebuild();
        return _index.Read(containerId) ?? [];
    }

    /// <summary>Leases of the attachment whose lease file still says so (exact ifname first, then legacy id-only ones).</summary>
    public IReadOnlyList<StoredLease> VerifiedLeasesOf(string containerId, string ifName)
    {
        var exact = new List<StoredLease>();
        var legacy = new List<StoredLease>();
        foreach (var lease in LeasesOf(containerId))
        {
            if (OwnerOf(lease.Ip) is not { } owner || !owner.BelongsTo(containerId, ifName))
            {
                continue;
            }

            if (lease.IfName == ifName)
            {
                exact.Add(lease);
            }
            else if (lease.IfName.Length == 0)
            {
                legacy.Add(lease);
            }
        }

        return exact.Count > 0 ? exact : legacy;
    }

    public IEnumerable<StoredLease> AllLeases() => _index.ReadAll();

    /// <summary>Whether any container holds a lease in this network (the index is current once the store is open).</summary>
    public bool HasLeases => !_index.IsEmpty();

    /// <summary>Who the lease file of this address names, or null (free, empty, unreadable, foreign or not a regular file).</summary>
    public LeaseContent? OwnerOf(IpValue ip) => SmallFile.TryRead(PathOf(ip)) is { } text ? LeaseContent.Parse(text) : null;

    /// <summary>Whether anything has the address's name: a lease, or something else that keeps the address blocked.</summary>
    public bool IsTaken(IpValue ip) => NoFollow.Status(PathOf(ip)).Kind != EntryKind.Missing;

    /// <summary>When the lease file of an address was written; null if there is no regular file under its name.</summary>
    public DateTime? LeaseWrittenUtc(IpValue ip) =>
        NoFollow.Status(PathOf(ip)) is { Kind: EntryKind.Regular } status ? status.ModifiedUtc : null;

    /// <summary>
    /// The addresses that have an entry (a lease file, or anything else keeping them blocked), from one read of the
    /// directory. For a crowded pool: trying addresses one by one costs a failed link(2) and an lstat per taken address
    /// (about 2 ms for 250 pods here).
    /// </summary>
    public HashSet<IpValue> LeasedAddresses()
    {
        var leased = new HashSet<IpValue>();
        foreach (var name in NoFollow.Names(NetworkDir))
        {
            if (IpValue.TryParse(name, out var ip))
            {
                leased.Add(ip);
            }
        }

        return leased;
    }

    public IpValue? LastReserved(int setIndex)
    {
        var text = SmallFile.TryRead(CursorPath(setIndex));
        return text is not null && IpValue.TryParse(text.Trim(), out var ip) ? ip : null;
    }

    /// <summary>The reference's name for a range set's round-robin cursor: last_reserved_ip.&lt;set index&gt;.</summary>
    private string CursorPath(int setIndex) => Path.Combine(NetworkDir, "last_reserved_ip." + setIndex.ToString());

    private void EnsureFreshIndex()
    {
        var meta = SmallFile.TryRead(Path.Combine(_stateDir, "meta"));
        var fresh = meta == MetaText() && NoFollow.Status(_index.Directory).Kind == EntryKind.Directory && IsStamped();
        if (!fresh)
        {
            Rebuild();
        }
    }

    private void Rebuild()
    {
        IndexRebuilder.Rebuild(NetworkDir, _stateDir, _index, _context);
        SmallFile.ReplaceAtomically(Path.Combine(_stateDir, "meta"), Path.Combine(_stateDir, "meta.tmp"), MetaText());
        Stamp();
    }

    private string MetaText() => $"{LeaseIndex.Header}\nboot\t{_context.BootId}\n";

    private bool IsStamped() => NoFollow.Status(NetworkDir).ModifiedNanoseconds == StampNanoseconds;

    /// <summary>
    /// Marks the directory as last changed by K8sNet with the index in step (see the class comment). A stamp that
    /// fails (read-only or full file system) is no error: the directory then reads as changed by someone else, and the
    /// next call rebuilds the index, which is the safe side.
    /// </summary>
    private void Stamp()
    {
        if (_addInProgress)
        {
            return;
        }

        var seconds = new DateTimeOffset(_context.UtcNow()).ToUnixTimeSeconds();
        try
        {
            Posix.SetModificationTime(NetworkDir, seconds, StampNanoseconds);
        }
        catch (ErrnoException ex)
        {
            Logger.LogWarning("host-local: could not stamp {Dir}, the next call rebuilds its index: {Error}", NetworkDir, ex.Message);
        }
    }
}
