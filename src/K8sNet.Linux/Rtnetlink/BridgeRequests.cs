using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure builders of the bridge-specific requests (AF_BRIDGE setlink/dellink, bridge changelink).</summary>
public static class BridgeRequests
{
    /// <summary>
    /// bridge link set dev PORT hairpin on|off isolated on|off learning on|off.
    /// br_setlink treats IFLA_PROTINFO as a nested IFLA_BRPORT_* table only when NLA_F_NESTED is set (otherwise it
    /// is the legacy single-byte STP state), so the flag is mandatory here.
    /// </summary>
    public static void SetPortFlags(NetlinkWriter w, int portIndex, bool? hairpin, bool? isolated, bool? learning)
    {
        w.BeginMessage(Rtnl.RTM_SETLINK, NLM_F_ACK);
        w.Write(new IfInfoMsg { ifi_family = Rtnl.AF_BRIDGE, ifi_index = portIndex });
        var protinfo = w.BeginNested((ushort)(Rtnl.IFLA_PROTINFO | NLA_F_NESTED));
        WriteFlag(w, Rtnl.IFLA_BRPORT_MODE, hairpin);
        WriteFlag(w, Rtnl.IFLA_BRPORT_LEARNING, learning);
        WriteFlag(w, Rtnl.IFLA_BRPORT_ISOLATED, isolated);
        w.EndNested(protinfo);
        w.EndMessage();
    }

    /// <summary>bridge vlan add dev PORT vid VID [pvid] [untagged] (or "bridge vlan del" with <paramref name="delete"/>).</summary>
    public static void PortVlan(NetlinkWriter w, int portIndex, ushort vlanId, bool pvid, bool untagged, bool delete)
    {
        if (vlanId is 0 or > 4094)
        {
            throw new ArgumentOutOfRangeException(nameof(vlanId), vlanId, "a bridge VLAN id is 1..4094");
        }

        w.BeginMessage(delete ? Rtnl.RTM_DELLINK : Rtnl.RTM_SETLINK, NLM_F_ACK);
        w.Write(new IfInfoMsg { ifi_family = Rtnl.AF_BRIDGE, ifi_index = portIndex });
        var spec = w.BeginNested(Rtnl.IFLA_AF_SPEC);
        var flags = (ushort)((pvid ? Rtnl.BRIDGE_VLAN_INFO_PVID : 0) | (untagged ? Rtnl.BRIDGE_VLAN_INFO_UNTAGGED : 0));
        w.AttributeStruct(Rtnl.IFLA_BRIDGE_VLAN_INFO, new BridgeVlanInfo { flags = flags, vid = vlanId });
        w.EndNested(spec);
        w.EndMessage();
    }

    /// <summary>
    /// bridge vlan add dev PORT vid A-B, for several ids and ranges in one request: a range is a RANGE_BEGIN entry and
    /// a RANGE_END entry, as iproute2 sends it; the kernel's br_afspec walks every IFLA_BRIDGE_VLAN_INFO in order.
    /// Tagged (no PVID, not untagged): the trunk VLANs of a port.
    /// </summary>
    public static void PortVlanRanges(NetlinkWriter w, int portIndex, IReadOnlyList<BridgeVlanRange> ranges)
    {
        w.BeginMessage(Rtnl.RTM_SETLINK, NLM_F_ACK);
        w.Write(new IfInfoMsg { ifi_family = Rtnl.AF_BRIDGE, ifi_index = portIndex });
        var spec = w.BeginNested(Rtnl.IFLA_AF_SPEC);
        foreach (var range in ranges)
        {
            if (range.First is 0 or > 4094 || range.Last is 0 or > 4094 || range.Last < range.First)
            {
                throw new ArgumentOutOfRangeException(nameof(ranges), range.ToString(), "a bridge VLAN range is within 1..4094");
            }

            if (range.IsSingle)
            {
                w.AttributeStruct(Rtnl.IFLA_BRIDGE_VLAN_INFO, new BridgeVlanInfo { vid = range.First });
                continue;
            }

            w.AttributeStruct(Rtnl.IFLA_BRIDGE_VLAN_INFO, new BridgeVlanInfo { flags = Rtnl.BRIDGE_VLAN_INFO_RANGE_BEGIN, vid = range.First });
            w.AttributeStruct(Rtnl.IFLA_BRIDGE_VLAN_INFO, new BridgeVlanInfo { flags = Rtnl.BRIDGE_VLAN_INFO_RANGE_END, vid = range.Last });
        }

        w.EndNested(spec);
        w.EndMessage();
    }

    /// <summary>ip link set dev BRIDGE type bridge vlan_filtering 0|1 (RTM_NEWLINK on an existing index = changelink).</summary>
    public static void SetVlanFiltering(NetlinkWriter w, int bridgeIndex, bool enabled)
    {
        w.BeginMessage(Rtnl.RTM_NEWLINK, NLM_F_ACK);
        w.Write(new IfInfoMsg { ifi_index = bridgeIndex });
        var linkInfo = w.BeginNested(Rtnl.IFLA_LINKINFO);
        w.AttributeString(Rtnl.IFLA_INFO_KIND, "bridge", nulTerminated: false);
        var data = w.BeginNested(Rtnl.IFLA_INFO_DATA);
        w.AttributeU8(Rtnl.IFLA_BR_VLAN_FILTERING, enabled ? (byte)1 : (byte)0);
        w.EndNested(data);
        w.EndNested(linkInfo);
        w.EndMessage();
    }

    private static void WriteFlag(NetlinkWriter w, ushort type, bool? value)
    {
        if (value is { } on)
        {
            w.AttributeU8(type, on ? (byte)1 : (byte)0);
        }
    }
}
