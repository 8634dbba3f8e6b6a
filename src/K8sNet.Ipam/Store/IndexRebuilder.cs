using K8sNet.Ipam.Ranges;
using K8sNet.Linux;
using Microsoft.Extensions.Logging;

namespace K8sNet.Ipam.Store;

/// <summary>
/// Rebuilds the by-id index from the lease files, which are the truth. Runs under the store lock when the index is
/// missing, from another boot, or when someone other than K8sNet (the reference plugin, an admin, a crash of ours
/// mid-operation) changed the network directory. Boot id and netns of leases already known are kept.
/// </summary>
internal static class IndexRebuilder
{
    public static void Rebuild(string networkDir, string stateDir, LeaseIndex index, StoreContext context)
    {
        var known = new Dictionary<IpValue, StoredLease>();
        foreach (var lease in index.ReadAll())
        {
            known[lease.Ip] = lease;
        }

        var byId = new Dictionary<string, List<StoredLease>>(StringComparer.Ordinal);
        foreach (var (ip, path) in LeaseFiles(networkDir))
        {
            var text = SmallFile.TryRead(path, out var kind);
            if (text is null)
            {
                context.Logger.LogWarning(
                    "host-local: skipping {Path}: {Kind}; its address stays blocked", path, kind == EntryKind.Regular ? "an unreadable lease file" : NoFollow.Describe(kind) + ", not a lease file");
                continue;
            }

            if (LeaseContent.Parse(text) is not { } content)
            {
                context.Logger.LogWarning(
                    "host-local: skipping {Kind} lease file {Path}; its address stays blocked", text.Trim().Length == 0 ? "empty" : "foreign", path);
                continue;
            }

            var lease = known.TryGetValue(ip, out var old) && old.Content == content
                ? old
                : new StoredLease(ip, content.ContainerId, content.IfName, string.Empty, string.Empty);
            if (!byId.TryGetValue(content.ContainerId, out var list))
            {
                byId[content.ContainerId] = list = [];
            }

            list.Add(lease);
        }

        // Build the new index beside the live one and swap it in; a crash midway leaves the meta file stale, so the
        // next call rebuilds again.
        // Whatever has these names (also a link or a FIFO) is the store's own and is removed, never followed.
        var fresh = index.Directory + ".new";
        var retired = index.Directory + ".old";
        NoFollow.Remove(fresh);
        NoFollow.Remove(retired);
        PrivateDirectory.CreateOwned(fresh);
        foreach (var (id, leases) in byId)
        {
            SmallFile.WriteNew(Path.Combine(fresh, LeaseIndex.FileNameFor(id)), System.Text.Encoding.UTF8.GetBytes(LeaseIndex.Format(id, leases)));
        }

        if (NoFollow.Status(index.Directory).Kind != EntryKind.Missing)
        {
            NoFollow.Rename(index.Directory, retired);
        }

        NoFollow.Rename(fresh, index.Directory);
        NoFollow.Remove(retired);
        context.Logger.LogInformation("host-local: rebuilt lease index of {Dir}: {Leases} leases of {Containers} containers",
            networkDir, byId.Values.Sum(l => l.Count), byId.Count);
    }

    /// <summary>
    /// Top-level entries whose name is an address in canonical form: the reference's lease files, and whatever else
    /// has such a name (the readers skip it and its address stays blocked).
    /// </summary>
    public static IEnumerable<(IpValue Ip, string Path)> LeaseFiles(string networkDir)
    {
        foreach (var name in NoFollow.Names(networkDir))
        {
            if (IpValue.TryParse(name, out var ip) && ip.ToString() == name)
            {
                yield return (ip, Path.Combine(networkDir, name));
            }
        }
    }
}
