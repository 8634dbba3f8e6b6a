using System.Text;
using K8sNet.Ipam.Ranges;
using K8sNet.Linux;
using K8sNet.Linux.Hashing;

namespace K8sNet.Ipam.Store;

/// <summary>
/// The by-container index: <c>&lt;networkDir&gt;/.k8snet/by-id/&lt;containerID&gt;</c>, one file per container, so release,
/// CHECK and duplicate checks read one small file instead of every lease. Format (UTF-8, LF):
/// <code>
/// k8snet-lease-index v1 &lt;TAB&gt; &lt;containerID&gt;
/// &lt;ip&gt; &lt;TAB&gt; &lt;ifname&gt; &lt;TAB&gt; &lt;bootId&gt; &lt;TAB&gt; &lt;netns path&gt;
/// </code>
/// The header line guarantees that the reference plugin, which walks the whole directory tree on release and compares
/// each file's trimmed content with "&lt;id&gt;\r\n&lt;ifname&gt;" or "&lt;id&gt;", never mistakes an index file for a lease.
/// </summary>
internal sealed class LeaseIndex
{
    public const string Header = "k8snet-lease-index v1";
    private const int MaxPlainNameLength = 200;

    private readonly SpareFiles _spares;

    public LeaseIndex(string stateDir, SpareFiles spares)
    {
        Directory = Path.Combine(stateDir, "by-id");
        TempPath = Path.Combine(Directory, ".tmp");
        _spares = spares;
    }

    public string Directory { get; }

    private string TempPath { get; }

    /// <summary>Container IDs are validated names; very long ones become a hash that no valid ID can equal ('_' first).</summary>
    public static string FileNameFor(string containerId) =>
        containerId.Length <= MaxPlainNameLength
            ? containerId
            : "_h" + Convert.ToHexStringLower(Sha2.Sha256(Encoding.UTF8.GetBytes(containerId)));

    /// <summary>The container's leases; empty if it has none; null if its index file is unreadable or corrupt.</summary>
    /// <remarks>The store makes sure <see cref="Directory"/> is a directory, not a link, before it reads or writes here.</remarks>
    public List<StoredLease>? Read(string containerId)
    {
        var text = SmallFile.TryRead(Path.Combine(Directory, FileNameFor(containerId)), out var kind);
        return text is not null ? Parse(text, containerId) : kind == EntryKind.Missing ? [] : null;
    }

    public void Write(string containerId, IReadOnlyCollection<StoredLease> leases)
    {
        var path = Path.Combine(Directory, FileNameFor(containerId));
        if (leases.Count == 0)
        {
            _spares.Retire(path);
            return;
        }

        // A spare file, written and renamed into place: atomic, and no inode made. Without one (the first pods of a
        // network) a new entry is created straight under its name.
        var bytes = Encoding.UTF8.GetBytes(Format(containerId, leases));
        if (_spares.TryReuse(TempPath, bytes))
        {
            SmallFile.MoveIntoPlace(TempPath, path, ownsPath: true);
            return;
        }

        NoFollow.Remove(TempPath);
        SmallFile.CreateOrReplace(path, TempPath, bytes);
    }

    /// <summary>
    /// True when no container holds a lease (an entry of any kind counts: a stray one keeps the network's masquerade
    /// rule, the safe side). Stops at the first index file, so O(1) while pods exist.
    /// </summary>
    public bool IsEmpty() => !IsDirectory() || !NoFollow.HasVisibleEntry(Directory);

    /// <summary>Every lease of every container (GC, reboot reclaim); unparseable files and other entries are skipped.</summary>
    public IEnumerable<StoredLease> ReadAll()
    {
        if (!IsDirectory())
        {
            yield break;
        }

        foreach (var name in NoFollow.Names(Directory))
        {
            if (name.StartsWith('.') || SmallFile.TryRead(Path.Combine(Directory, name)) is not { } text || Parse(text, null) is not { } leases)
            {
                continue;
            }

            foreach (var lease in leases)
            {
                yield return lease;
            }
        }
    }

    /// <summary>A directory itself, not a link to one (a rebuild reads the old index before replacing it).</summary>
    public bool IsDirectory() => NoFollow.Status(Directory).Kind == EntryKind.Directory;

    public static string Format(string containerId, IEnumerable<StoredLease> leases)
    {
        var builder = new StringBuilder();
        builder.Append(Header).Append('\t').Append(containerId).Append('\n');
        foreach (var lease in leases)
        {
            builder.Append(lease.Ip).Append('\t').Append(lease.IfName).Append('\t')
                .Append(lease.BootId).Append('\t').Append(lease.NetNs).Append('\n');
        }

        return builder.ToString();
    }

    public static List<StoredLease>? Parse(string text, string? expectedId)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return null;
        }

        var header = lines[0].Split('\t');
        if (header.Length != 2 || header[0] != Header || (expectedId is not null && header[1] != expectedId))
        {
            return null;
        }

        var leases = new List<StoredLease>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 4 || !IpValue.TryParse(fields[0], out var ip))
            {
                return null;
            }

            leases.Add(new StoredLease(ip, header[1], fields[1], fields[2], fields[3]));
        }

        return leases;
    }

    /// <summary>A netns path is free text; tabs or line breaks in it would break the format, so such a path is not kept.</summary>
    public static string SafeField(string? value) =>
        string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0 ? string.Empty : value;
}
