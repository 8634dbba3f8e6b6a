using System.Net;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Conntrack;

/// <summary>
/// Deletes the UDP conntrack entries a hostPort change makes stale: original destination = one of
/// <paramref name="destinations"/> (the node's own addresses, or the mapping's hostIP) and port = the hostPort.
/// The reference matched the port alone, so hostPort 53 also wiped the node's outbound DNS flows, and never ran on
/// DEL (plugins#1190). One dump per family, then one delete per matching entry, over netlink (no conntrack exec).
/// </summary>
public static class UdpConntrackFlush
{
    private const byte Udp = 17;

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
    /// <returns>How many entries were deleted.</returns>
    public static int Flush(NetlinkSocket socket, byte family, IReadOnlyList<(IReadOnlyCollection<IPAddress> Destinations, int Port)> targets)
    {
        if (targets.Count == 0)
        {
            return 0;
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
