using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Pure decoding of RTM_NEWLINK messages (replies to GETLINK and dump entries).</summary>
public static class LinkParser
{
    public static bool TryParse(NetlinkMessage message, out Link link)
    {
        link = null!;
        if (message.Type != Rtnl.RTM_NEWLINK)
        {
            return false;
        }

        var info = message.ReadFixed<IfInfoMsg>();
        string name = string.Empty;
        string? kind = null, slaveKind = null, alias = null;
        MacAddress? mac = null;
        int mtu = 0;
        int? master = null, peer = null, netnsId = null;
        var operState = LinkOperState.Unknown;
        BridgePortInfo? port = null;
        bool? vlanFiltering = null;

        var attributes = message.AttributesAfter<IfInfoMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case Rtnl.IFLA_IFNAME: name = attributes.String; break;
                case Rtnl.IFLA_ADDRESS when attributes.Value.Length == 6: mac = MacAddress.FromBytes(attributes.Value); break;
                case Rtnl.IFLA_MTU: mtu = attributes.I32; break;
                case Rtnl.IFLA_MASTER: master = attributes.I32; break;
                case Rtnl.IFLA_LINK: peer = attributes.I32; break;
                case Rtnl.IFLA_LINK_NETNSID: netnsId = attributes.I32; break;
                case Rtnl.IFLA_OPERSTATE: operState = (LinkOperState)attributes.U8; break;
                case Rtnl.IFLA_IFALIAS: alias = attributes.String; break;
                case Rtnl.IFLA_LINKINFO:
                    ParseLinkInfo(attributes.Nested(), ref kind, ref slaveKind, ref port, ref vlanFiltering);
                    break;
            }
        }

        link = new Link(info.ifi_index, name, kind, mac, mtu, info.ifi_flags, master, operState, peer, netnsId, alias,
            slaveKind, port, vlanFiltering);
        return true;
    }

    private static void ParseLinkInfo(
        NetlinkAttributeReader linkInfo, ref string? kind, ref string? slaveKind, ref BridgePortInfo? port, ref bool? vlanFiltering)
    {
        // IFLA_INFO_KIND precedes IFLA_INFO_DATA and SLAVE_KIND precedes SLAVE_DATA (rtnl_link_fill order).
        while (linkInfo.MoveNext())
        {
            switch (linkInfo.Type)
            {
                case Rtnl.IFLA_INFO_KIND: kind = linkInfo.String; break;
                case Rtnl.IFLA_INFO_SLAVE_KIND: slaveKind = linkInfo.String; break;
                case Rtnl.IFLA_INFO_DATA when kind == "bridge":
                    vlanFiltering = ReadFlag(linkInfo.Nested(), Rtnl.IFLA_BR_VLAN_FILTERING);
                    break;
                case Rtnl.IFLA_INFO_SLAVE_DATA when slaveKind == "bridge":
                    port = ParseBridgePort(linkInfo.Nested());
                    break;
            }
        }
    }

    private static BridgePortInfo ParseBridgePort(NetlinkAttributeReader data)
    {
        bool hairpin = false, isolated = false, learning = false;
        while (data.MoveNext())
        {
            switch (data.Type)
            {
                case Rtnl.IFLA_BRPORT_MODE: hairpin = data.U8 != 0; break;
                case Rtnl.IFLA_BRPORT_ISOLATED: isolated = data.U8 != 0; break;
                case Rtnl.IFLA_BRPORT_LEARNING: learning = data.U8 != 0; break;
            }
        }

        return new BridgePortInfo(hairpin, isolated, learning);
    }

    private static bool? ReadFlag(NetlinkAttributeReader data, ushort type)
    {
        while (data.MoveNext())
        {
            if (data.Type == type)
            {
                return data.U8 != 0;
            }
        }

        return null;
    }
}
