using System.Net;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Conntrack;

/// <summary>
/// Deletes the UDP conntrack entries a hostPort change makes stale: original destination = one of
/// <paramref name="destinations"/> (the node's own addresses, or the mapping's hostIP) and port = the hostPort.
/// The reference matched the port alone, so hostPort 53 also wiped the node's outbound DNS flows, and never ran on
/// DEL (plugins#1190). Over netlink, no conntrack exec: with a few (destination, port) pairs, one filtered flush
/// each, walked inside the kernel; otherwise, or on a kernel whose flush takes no filter, one dump for the families
/// and one delete per matching entry.
/// </summary>
public static class UdpConntrackFlush
{
    private const byte Udp = 17;

    /// <summary>
    /// Every walk of the conntrack table visits all its buckets (global to all namespaces: 262144 here). The kernel's
    /// own walk cost about 0.7 ms, the dump about 10 ms (conntrack -F against -L, 2026-12-06), so up to this many
    /// filtered flushes beat one dump.
    /// </summary>
    private const int MaxFilteredWalks = 8;

    /// <summary>
    /// Whether this netns tracks no connection (net.netfilter.nf_conntrack_count is per netns): then nothing can be
    /// stale and the dump, which walks the kernel's whole conntrack hash table, is not worth its milliseconds.
    /// </summary>
    public static bool NothingTracked()
    {
        try
        {
            return Sysctl.Read("net/netfilter/nf_conntrack_count") == "0";
        }
        catch (ErrnoException)
        {
            return true; // no nf_conntrack in this kernel or netns: nothing is tracked
        }
    }

    /// <param name="family">NFPROTO_IPV4, NFPROTO_IPV6, or 0 for both in one dump.</param>
    /// <returns>How many entries were deleted (by a dump), or how many filtered flushes ran.</returns>
    public static int Flush(NetlinkSocket socket, byte family, IReadOnlyList<(IReadOnlyCollection<IPAddress> Destinations, int Port)> targets)
    {
        if (targets.Count == 0)
        {
            return 0;
        }

        var pairs = targets.SelectMany(t => t.Destinations.Where(d => family == 0 || FamilyOf(d) == family).Select(d => (Destination: d, t.Port))).Distinct().ToList();
        if (pairs.Count <= MaxFilteredWalks && TryFilteredFlushes(socket, pairs))
        {
            return pairs.Count;
        }

        var dump = new NetlinkWriter();
        ConntrackMessages.Dump(dump, family);
        List<ConntrackTuple> entries;
        try
        {
            entries = socket.Dump(dump, (NetlinkMessage m, out ConntrackTuple t) => ConntrackMessages.TryParse(m, out t), "conntrack -L", "udp");
        }
        catch (ErrnoException e) when (e.Errno is Errno.ENOENT or Errno.EPROTONOSUPPORT or Errno.EOPNOTSUPP)
        {
            return 0; // nf_conntrack not loaded in this netns: nothing can be stale.
        }

        var deleted = 0;
        foreach (var entry in entries)
        {
            if (entry.Protocol != Udp || !Matches(entry, targets))
            {
                continue;
            }

            var delete = new NetlinkWriter();
            var entryFamily = entry.Destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2;
            ConntrackMessages.Delete(delete, entryFamily, entry);
            var failure = socket.TryExecute(delete, "conntrack -D", $"udp {entry.Source}:{entry.SourcePort} -> {entry.Destination}:{entry.DestinationPort}");
            if (failure is null)
            {
                deleted++;
            }
            else if (failure.Errno != Errno.ENOENT)
            {
                throw failure;
            }
        }

        return deleted;
    }

    /// <summary>One filtered flush per pair; false, having deleted nothing, when the kernel's flush takes no filter.</summary>
    private static bool TryFilteredFlushes(NetlinkSocket socket, List<(IPAddress Destination, int Port)> pairs)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            var (destination, port) = pairs[i];
            var request = new NetlinkWriter();
            ConntrackMessages.DeleteMatching(request, destination, Udp, port);
            var failure = socket.TryExecute(request, "conntrack -D", $"udp to {destination}:{port}");
            if (failure is null)
            {
                continue;
            }

            if (i == 0 && failure.Errno is Errno.EOPNOTSUPP or Errno.EINVAL)
            {
                return false; // a kernel from before CTA_FILTER in a flush: the dump does it
            }

            if (failure.Errno is not (Errno.ENOENT or Errno.EPROTONOSUPPORT))
            {
                throw failure;
            }
        }

        return true;
    }

    private static byte FamilyOf(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2;

    private static bool Matches(ConntrackTuple entry, IReadOnlyList<(IReadOnlyCollection<IPAddress> Destinations, int Port)> targets)
    {
        foreach (var (destinations, port) in targets)
        {
            if (entry.DestinationPort == port && destinations.Contains(entry.Destination))
            {
                return true;
            }
        }

        return false;
    }
}
