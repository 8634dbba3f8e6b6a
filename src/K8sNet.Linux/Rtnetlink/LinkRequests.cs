using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure builders of RTM_*LINK requests (each ends its message; ACK requested on all but dumps).</summary>
public static class LinkRequests
{
    private const ushort Ack = NLM_F_ACK;
    private const ushort Create = NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

    /// <summary>ip link show dev NAME (stats skipped: they are most of the reply and nobody reads them).</summary>
    public static void GetByName(NetlinkWriter w, string name)
    {
        w.BeginMessage(Rtnl.RTM_GETLINK, Ack);
        w.Write(new IfInfoMsg());
        w.AttributeString(Rtnl.IFLA_IFNAME, ValidName(name));
        w.AttributeU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        w.EndMessage();
    }

    public static void GetByIndex(NetlinkWriter w, int index)
    {
        w.BeginMessage(Rtnl.RTM_GETLINK, Ack);
        w.Write(new IfInfoMsg { ifi_index = index });
        w.AttributeU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        w.EndMessage();
    }

    public static void Dump(NetlinkWriter w)
    {
        w.BeginMessage(Rtnl.RTM_GETLINK, NLM_F_DUMP);
        w.Write(new IfInfoMsg());
        w.AttributeU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        w.EndMessage();
    }

    /// <summary>ip link add NAME [mtu M] [address MAC] type bridge [vlan_filtering 0|1]</summary>
    public static void CreateBridge(NetlinkWriter w, string name, int? mtu, bool? vlanFiltering, MacAddress? mac = null)
    {
        w.BeginMessage(Rtnl.RTM_NEWLINK, Create);
        w.Write(new IfInfoMsg());
        w.AttributeString(Rtnl.IFLA_IFNAME, ValidName(name));
        if (mtu is { } m)
        {
            w.AttributeU32(Rtnl.IFLA_MTU, (uint)m);
        }

        if (mac is { } address)
        {
            w.Attribute(Rtnl.IFLA_ADDRESS, address.GetBytes());
        }

        var linkInfo = w.BeginNested(Rtnl.IFLA_LINKINFO);
        w.AttributeString(Rtnl.IFLA_INFO_KIND, "bridge", nulTerminated: false);
        if (vlanFiltering is { } filtering)
        {
            var data = w.BeginNested(Rtnl.IFLA_INFO_DATA);
            w.AttributeU8(Rtnl.IFLA_BR_VLAN_FILTERING, filtering ? (byte)1 : (byte)0);
            w.EndNested(data);
        }

        w.EndNested(linkInfo);
        w.EndMessage();
    }

    /// <summary>
    /// ip link add NAME [mtu M] [address MAC] type veth peer name PEER [mtu M] [address PEERMAC] [netns PEERNS].
    /// The peer's description is its own struct ifinfomsg followed by IFLA_* attributes, nested in VETH_INFO_PEER
    /// (drivers/net/veth.c veth_newlink); IFLA_NET_NS_FD there creates the peer directly in that namespace.
    /// </summary>
    public static void CreateVeth(NetlinkWriter w, VethSpec spec)
    {
        w.BeginMessage(Rtnl.RTM_NEWLINK, Create);
        w.Write(new IfInfoMsg());
        WriteEnd(w, spec.Name, spec, spec.Mac, netnsFd: null);
        var linkInfo = w.BeginNested(Rtnl.IFLA_LINKINFO);
        w.AttributeString(Rtnl.IFLA_INFO_KIND, "veth", nulTerminated: false);
        var data = w.BeginNested(Rtnl.IFLA_INFO_DATA);
        var peer = w.BeginNested(Rtnl.VETH_INFO_PEER);
        w.Write(new IfInfoMsg());
        WriteEnd(w, spec.PeerName, spec, spec.PeerMac, spec.PeerNetNs?.Fd);
        w.EndNested(peer);
        w.EndNested(data);
        w.EndNested(linkInfo);
        w.EndMessage();
    }

    /// <summary>
    /// sysctl net.ipv4.conf.IF.KEY=VALUE as a link attribute (IFLA_AF_SPEC → AF_INET → IFLA_INET_CONF → [KEY]):
    /// acts in the socket's netns without entering it.
    /// </summary>
    public static void SetIPv4DevConf(NetlinkWriter w, int index, ushort devconf, uint value)
    {
        w.BeginMessage(Rtnl.RTM_SETLINK, Ack);
        w.Write(new IfInfoMsg { ifi_index = index });
        var afSpec = w.BeginNested(Rtnl.IFLA_AF_SPEC);
        var inet = w.BeginNested(Rtnl.AF_INET);
        var conf = w.BeginNested(Rtnl.IFLA_INET_CONF);
        w.AttributeU32(devconf, value);
        w.EndNested(conf);
        w.EndNested(inet);
        w.EndNested(afSpec);
        w.EndMessage();
    }

    /// <summary>ip link del dev NAME</summary>
    public static void DeleteByName(NetlinkWriter w, string name)
    {
        w.BeginMessage(Rtnl.RTM_DELLINK, Ack);
        w.Write(new IfInfoMsg());
        w.AttributeString(Rtnl.IFLA_IFNAME, ValidName(name));
        w.EndMessage();
    }

    public static void DeleteByIndex(NetlinkWriter w, int index)
    {
        w.BeginMessage(Rtnl.RTM_DELLINK, Ack);
        w.Write(new IfInfoMsg { ifi_index = index });
        w.EndMessage();
    }

    /// <summary>ip link set dev #INDEX up|down|promisc on|off: only the bits in <paramref name="change"/> are touched.</summary>
    public static void SetFlags(NetlinkWriter w, int index, uint flags, uint change)
    {
        w.BeginMessage(Rtnl.RTM_SETLINK, Ack);
        w.Write(new IfInfoMsg { ifi_index = index, ifi_flags = flags, ifi_change = change });
        w.EndMessage();
    }

    /// <summary>ip link set dev #INDEX mtu|master|address …: one u32 or byte attribute on RTM_SETLINK.</summary>
    public static void SetAttribute(NetlinkWriter w, int index, ushort type, ReadOnlySpan<byte> value)
    {
        w.BeginMessage(Rtnl.RTM_SETLINK, Ack);
        w.Write(new IfInfoMsg { ifi_index = index });
        w.Attribute(type, value);
        w.EndMessage();
    }

    internal static string ValidName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > Rtnl.MaxInterfaceNameLength || name.Contains('/') || name.Contains(' '))
        {
            throw new ArgumentException(
                $"interface name \"{name}\" is invalid (at most {Rtnl.MaxInterfaceNameLength} bytes, no '/' or spaces)", nameof(name));
        }

        return name;
    }

    private static void WriteEnd(NetlinkWriter w, string name, VethSpec spec, MacAddress? mac, int? netnsFd)
    {
        w.AttributeString(Rtnl.IFLA_IFNAME, ValidName(name));
        if (spec.Mtu is { } m)
        {
            w.AttributeU32(Rtnl.IFLA_MTU, (uint)m);
        }

        if (spec.TxQueueLength is { } queue)
        {
            w.AttributeU32(Rtnl.IFLA_TXQLEN, queue);
        }

        if (mac is { } address)
        {
            w.Attribute(Rtnl.IFLA_ADDRESS, address.GetBytes());
        }

        if (netnsFd is { } fd)
        {
            w.AttributeU32(Rtnl.IFLA_NET_NS_FD, (uint)fd);
        }
    }
}
