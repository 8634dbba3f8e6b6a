using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>One received message: its header and the payload after it (a view into the receive buffer).</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NlMsgHdr header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public NlMsgHdr Header { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public ushort Type => Header.nlmsg_type;

    /// <summary>The fixed struct that starts the payload (ifinfomsg, rtmsg, …).</summary>
    public T ReadFixed<T>()
        where T : unmanaged
    {
        if (Payload.Length < Unsafe.SizeOf<T>())
        {
            throw new InvalidDataException($"netlink message type {Type} is shorter than its {typeof(T).Name} header");
        }

        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>The attributes that follow a fixed struct of <typeparamref name="T"/>.</summary>
    public NetlinkAttributeReader AttributesAfter<T>()
        where T : unmanaged =>
        new(Payload[Math.Min(Payload.Length, NetlinkConstants.Align(Unsafe.SizeOf<T>()))..]);
}
