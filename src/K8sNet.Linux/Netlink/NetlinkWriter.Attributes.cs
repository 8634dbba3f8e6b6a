using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>Attribute encoders: struct nlattr { __u16 nla_len; __u16 nla_type; } + payload, padded to 4.</summary>
public sealed partial class NetlinkWriter
{
    /// <summary>Starts a nested attribute; its nla_len is patched by <see cref="EndNested"/>. Returns the token.</summary>
    /// <remarks>NLA_F_NESTED is the caller's choice: some kernel parsers (IFLA_PROTINFO) look at it, older ones ignore it.</remarks>
    public int BeginNested(ushort type)
    {
        var start = Length;
        var header = Reserve(NetlinkConstants.NlaHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        return start;
    }

    public void EndNested(int token) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(token), checked((ushort)(Length - token)));

    public void Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        var span = AttributeSpan(type, payload.Length);
        payload.CopyTo(span);
    }

    /// <summary>A flag attribute (no payload).</summary>
    public void Attribute(ushort type) => AttributeSpan(type, 0);

    public void AttributeU8(ushort type, byte value) => AttributeSpan(type, 1)[0] = value;

    public void AttributeU16(ushort type, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(AttributeSpan(type, 2), value);

    public void AttributeU32(ushort type, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(AttributeSpan(type, 4), value);

    public void AttributeI32(ushort type, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(AttributeSpan(type, 4), value);

    /// <summary>Big-endian u16/u32 payloads (nfnetlink uses network byte order for most integers).</summary>
    public void AttributeU32BigEndian(ushort type, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(AttributeSpan(type, 4), value);

    public void AttributeStruct<T>(ushort type, in T value)
        where T : unmanaged => MemoryMarshal.Write(AttributeSpan(type, Unsafe.SizeOf<T>()), in value);

    /// <summary>
    /// A string, NUL-terminated by default (NLA_NUL_STRING requires it; NLA_STRING accepts either). iproute2 sends
    /// IFLA_INFO_KIND without the NUL, and so do we, so our requests match its bytes.
    /// </summary>
    public void AttributeString(ushort type, string value, bool nulTerminated = true)
    {
        var length = Utf8Length(value);
        var span = AttributeSpan(type, nulTerminated ? length + 1 : length);
        Encoding.UTF8.GetBytes(value, span);
        if (nulTerminated)
        {
            span[length] = 0;
        }
    }

    /// <summary>The 4 or 16 address bytes in network order, as IFA_LOCAL/RTA_GATEWAY expect.</summary>
    public void AttributeAddress(ushort type, IPAddress address)
    {
        var span = AttributeSpan(type, AddressLength(address));
        address.TryWriteBytes(span, out _);
    }

    private Span<byte> AttributeSpan(ushort type, int payloadLength)
    {
        var total = NetlinkConstants.NlaHeaderSize + payloadLength;
        var span = Reserve(NetlinkConstants.Align(total));
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)total));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        span[total..].Clear();
        return span.Slice(NetlinkConstants.NlaHeaderSize, payloadLength);
    }
}
