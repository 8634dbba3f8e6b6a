using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure builders of RTM_*ADDR requests.</summary>
public static class AddressRequests
{
    /// <summary>
    /// ip addr add ADDR/PREFIX [brd +] dev #INDEX [nodad]. IPv4 gets the broadcast address iproute2's "brd +" would
    /// compute (none for /31 and /32); <paramref name="noDad"/> (IFA_F_NODAD) matters for IPv6 only.
    /// </summary>
    public static void Add(NetlinkWriter w, int index, IPAddress address, int prefixLength, bool noDad)
    {
        var flags = noDad ? Rtnl.IFA_F_NODAD : 0;
        Write(w, Rtnl.RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, address, prefixLength, flags);
    }

    /// <summary>ip addr del ADDR/PREFIX dev #INDEX</summary>
    public static void Delete(NetlinkWriter w, int index, IPAddress address, int prefixLength) =>
        Write(w, Rtnl.RTM_DELADDR, NLM_F_ACK, index, address, prefixLength, 0);

    /// <summary>
    /// A dump of one family (AF_UNSPEC for both). <paramref name="index"/> is a filter the kernel honours only on a
    /// socket with strict dump checks (see NetlinkSocket.TrySetStrictDumpChecks), so callers filter on their side too.
    /// </summary>
    public static void Dump(NetlinkWriter w, byte family, int index = 0)
    {
        w.BeginMessage(Rtnl.RTM_GETADDR, NLM_F_DUMP);
        w.Write(new IfAddrMsg { ifa_family = family, ifa_index = (uint)index });
        w.EndMessage();
    }

    internal static IPAddress? Ipv4Broadcast(IPAddress address, int prefixLength)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || prefixLength >= 31)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        var host = uint.MaxValue >> prefixLength;
        BinaryPrimitives.WriteUInt32BigEndian(bytes, BinaryPrimitives.ReadUInt32BigEndian(bytes) | host);
        return new IPAddress(bytes);
    }

    private static void Write(NetlinkWriter w, ushort type, ushort flags, int index, IPAddress address, int prefixLength, uint addressFlags)
    {
        ArgumentNullException.ThrowIfNull(address);
        var family = RouteParser.FamilyOf(address.AddressFamily);
        var maxPrefix = family == Rtnl.AF_INET ? 32 : 128;
        if (prefixLength < 0 || prefixLength > maxPrefix)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"prefix length of {address} must be 0..{maxPrefix}");
        }

        w.BeginMessage(type, flags);
        w.Write(new IfAddrMsg
        {
            ifa_family = family,
            ifa_prefixlen = (byte)prefixLength,
            ifa_flags = (byte)addressFlags,
            ifa_index = (uint)index,
        });
        w.AttributeAddress(Rtnl.IFA_LOCAL, address);
        w.AttributeAddress(Rtnl.IFA_ADDRESS, address);
        if (type == Rtnl.RTM_NEWADDR && Ipv4Broadcast(address, prefixLength) is { } broadcast)
        {
            w.AttributeAddress(Rtnl.IFA_BROADCAST, broadcast);
        }

        if (addressFlags > byte.MaxValue)
        {
            // Like iproute2: flags that fit ifa_flags go there only; IFA_FLAGS carries the wider ones (IFA_F_NOPREFIXROUTE…).
            w.AttributeU32(Rtnl.IFA_FLAGS, addressFlags);
        }

        w.EndMessage();
    }
}
