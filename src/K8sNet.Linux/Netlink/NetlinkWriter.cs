using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>
/// Builds one or more netlink messages into a reusable buffer: header, fixed struct, then attributes, with lengths
/// back-patched when a message or a nested attribute ends. Pure (no fds), so requests are compared with golden bytes.
/// Several messages in one writer form a batch (NETLINK_NETFILTER transactions, or many rtnetlink requests in one
/// send). Sequence and port ids are left 0 here; <see cref="NetlinkSocket"/> stamps them when sending.
/// </summary>
public sealed partial class NetlinkWriter
{
    private byte[] _buffer;
    private int _messageStart = -1;

    public NetlinkWriter(int initialCapacity = 512)
    {
        _buffer = new byte[initialCapacity];
    }

    /// <summary>Bytes written so far (whole messages once each one is ended).</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    /// <summary>Number of messages ended since the last <see cref="Reset"/>.</summary>
    public int MessageCount { get; private set; }

    /// <summary>Lets the socket stamp sequence numbers and port ids into the finished messages.</summary>
    internal Span<byte> BufferForStamping() => _messageStart >= 0
        ? throw new InvalidOperationException("the last netlink message was not ended")
        : _buffer.AsSpan(0, Length);

    public void Reset()
    {
        Length = 0;
        MessageCount = 0;
        _messageStart = -1;
    }

    /// <summary>Starts a message; NLM_F_REQUEST is always set. Pair with <see cref="EndMessage"/>.</summary>
    public void BeginMessage(ushort type, ushort flags, uint sequence = 0)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("the previous netlink message was not ended");
        }

        _messageStart = Length;
        Write(new NlMsgHdr
        {
            nlmsg_type = type,
            nlmsg_flags = (ushort)(flags | NetlinkConstants.NLM_F_REQUEST),
            nlmsg_seq = sequence,
        });
    }

    /// <summary>Back-patches nlmsg_len with everything written since <see cref="BeginMessage"/>.</summary>
    public void EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("no netlink message was begun");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_messageStart), (uint)(Length - _messageStart));
        _messageStart = -1;
        MessageCount++;
    }

    /// <summary>Appends a fixed-size wire struct (ifinfomsg, rtmsg, …) in host byte order, padded to 4.</summary>
    public void Write<T>(in T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var span = Reserve(NetlinkConstants.Align(size));
        MemoryMarshal.Write(span, in value);
        span[size..].Clear();
    }

    /// <summary>Appends raw bytes padded to 4 (a payload that is not a struct, e.g. nfnetlink's nfgenmsg).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        var span = Reserve(NetlinkConstants.Align(bytes.Length));
        bytes.CopyTo(span);
        span[bytes.Length..].Clear();
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    private static int AddressLength(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 16 : 4;

    private static int Utf8Length(string value) => Encoding.UTF8.GetByteCount(value);
}
