using System.Buffers.Binary;
using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Portmap.Conntrack;

#pragma warning disable CA1707 // C names kept verbatim (linux/netfilter/nfnetlink_conntrack.h)
/// <summary>ctnetlink (NFNL_SUBSYS_CTNETLINK) requests and the parse of one conntrack entry's original tuple.</summary>
public static class ConntrackMessages
{
    public const byte NFNL_SUBSYS_CTNETLINK = 1;
    public const byte IPCTNL_MSG_CT_GET = 1;
    public const byte IPCTNL_MSG_CT_DELETE = 2;
    public const ushort CTA_TUPLE_ORIG = 1;
    public const ushort CTA_ZONE = 18;
    public const ushort CTA_TUPLE_IP = 1;
    public const ushort CTA_TUPLE_PROTO = 2;
    public const ushort CTA_IP_V4_SRC = 1;
    public const ushort CTA_IP_V4_DST = 2;
    public const ushort CTA_IP_V6_SRC = 3;
    public const ushort CTA_IP_V6_DST = 4;
    public const ushort CTA_PROTO_NUM = 1;
    public const ushort CTA_PROTO_SRC_PORT = 2;
    public const ushort CTA_PROTO_DST_PORT = 3;
    public const ushort CTA_FILTER = 25;
    public const ushort CTA_FILTER_ORIG_FLAGS = 1;
    public const ushort CTA_FILTER_REPLY_FLAGS = 2;

    /// <summary>CTA_FILTER_F_CTA_IP_DST | CTA_FILTER_F_CTA_PROTO_NUM | CTA_FILTER_F_CTA_PROTO_DST_PORT (nf_conntrack_netlink.c).</summary>
    private const uint FilterDestinationProtocolPort = (1u << 1) | (1u << 3) | (1u << 5);

    /// <summary>Equivalent to: <c>conntrack -L -f FAMILY</c> (the whole table of that family).</summary>
    public static void Dump(NetlinkWriter w, byte family)
    {
        w.BeginMessage((ushort)((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET), NLM_F_DUMP);
        w.Write(new NfGenMsg { nfgen_family = family, version = 0 });
        w.EndMessage();
    }

    /// <summary>
    /// Deletes every entry of this netns whose original destination is <paramref name="destination"/>, protocol
    /// <paramref name="protocol"/> and port <paramref name="port"/>, in one walk inside the kernel: a flush with
    /// CTA_FILTER over the original tuple's destination, protocol and destination port. Kernels before the 2024
    /// change that let a flush take CTA_FILTER refuse it (EOPNOTSUPP, or EINVAL for the partial tuple).
    /// </summary>
    public static void DeleteMatching(NetlinkWriter w, IPAddress destination, byte protocol, int port)
    {
        var v6 = destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        w.BeginMessage((ushort)((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE), NLM_F_ACK);
        w.Write(new NfGenMsg { nfgen_family = v6 ? (byte)10 : (byte)2, version = 0 });
        var tuple = w.BeginNested(CTA_TUPLE_ORIG | NLA_F_NESTED);
        var ip = w.BeginNested(CTA_TUPLE_IP | NLA_F_NESTED);
        w.Attribute(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, destination.GetAddressBytes());
        w.EndNested(ip);
        var proto = w.BeginNested(CTA_TUPLE_PROTO | NLA_F_NESTED);
        w.AttributeU8(CTA_PROTO_NUM, protocol);
        w.Attribute(CTA_PROTO_DST_PORT, BigEndian((ushort)port));
        w.EndNested(proto);
        w.EndNested(tuple);
        var filter = w.BeginNested(CTA_FILTER | NLA_F_NESTED);
        w.Attribute(CTA_FILTER_ORIG_FLAGS, BitConverter.GetBytes(FilterDestinationProtocolPort));
        w.Attribute(CTA_FILTER_REPLY_FLAGS, BitConverter.GetBytes(0u));
        w.EndNested(filter);
        w.EndMessage();
    }

    /// <summary>Equivalent to: <c>conntrack -D</c> of exactly this entry, named by its original tuple and zone.</summary>
    public static void Delete(NetlinkWriter w, byte family, ConntrackTuple t)
    {
        w.BeginMessage((ushort)((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE), NLM_F_ACK);
        w.Write(new NfGenMsg { nfgen_family = family, version = 0 });
        var tuple = w.BeginNested(CTA_TUPLE_ORIG | NLA_F_NESTED);
        var ip = w.BeginNested(CTA_TUPLE_IP | NLA_F_NESTED);
        var v6 = t.Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        w.Attribute(v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, t.Source.GetAddressBytes());
        w.Attribute(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, t.Destination.GetAddressBytes());
        w.EndNested(ip);
        var proto = w.BeginNested(CTA_TUPLE_PROTO | NLA_F_NESTED);
        w.AttributeU8(CTA_PROTO_NUM, t.Protocol);
        w.Attribute(CTA_PROTO_SRC_PORT, BigEndian(t.SourcePort));
        w.Attribute(CTA_PROTO_DST_PORT, BigEndian(t.DestinationPort));
        w.EndNested(proto);
        w.EndNested(tuple);
        if (t.Zone != 0)
        {
            w.Attribute(CTA_ZONE, BigEndian(t.Zone));
        }

        w.EndMessage();
    }

    /// <summary>The original-direction tuple of one dumped entry.</summary>
    public static bool TryParse(NetlinkMessage message, out ConntrackTuple tuple)
    {
        tuple = new ConntrackTuple(IPAddress.None, IPAddress.None, 0, 0, 0, 0);
        IPAddress? source = null, destination = null;
        byte protocol = 0;
        ushort sourcePort = 0, destinationPort = 0, zone = 0;
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type & NLA_TYPE_MASK)
            {
                case CTA_ZONE when attributes.Value.Length >= 2:
                    zone = BinaryPrimitives.ReadUInt16BigEndian(attributes.Value);
                    break;
                case CTA_TUPLE_ORIG:
                    var parts = attributes.Nested();
                    while (parts.MoveNext())
                    {
                        var inner = parts.Nested();
                        var part = parts.Type & NLA_TYPE_MASK;
                        while (inner.MoveNext())
                        {
                            var type = inner.Type & NLA_TYPE_MASK;
                            if (part == CTA_TUPLE_IP && type is CTA_IP_V4_SRC or CTA_IP_V6_SRC)
                            {
                                source = new IPAddress(inner.Value);
                            }
                            else if (part == CTA_TUPLE_IP && type is CTA_IP_V4_DST or CTA_IP_V6_DST)
                            {
                                destination = new IPAddress(inner.Value);
                            }
                            else if (part == CTA_TUPLE_PROTO && type == CTA_PROTO_NUM && inner.Value.Length >= 1)
                            {
                                protocol = inner.Value[0];
                            }
                            else if (part == CTA_TUPLE_PROTO && type == CTA_PROTO_SRC_PORT && inner.Value.Length >= 2)
                            {
                                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(inner.Value);
                            }
                            else if (part == CTA_TUPLE_PROTO && type == CTA_PROTO_DST_PORT && inner.Value.Length >= 2)
                            {
                                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(inner.Value);
                            }
                        }
                    }

                    break;
            }
        }

        if (source is null || destination is null)
        {
            return false;
        }

        tuple = new ConntrackTuple(source, destination, protocol, sourcePort, destinationPort, zone);
        return true;
    }

    private static byte[] BigEndian(ushort value) => [(byte)(value >> 8), (byte)value];
}
#pragma warning restore CA1707

/// <summary>An entry's original direction: who sent the first packet where.</summary>
public sealed record ConntrackTuple(IPAddress Source, IPAddress Destination, byte Protocol, ushort SourcePort, ushort DestinationPort, ushort Zone);
