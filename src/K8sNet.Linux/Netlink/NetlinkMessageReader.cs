using System.Runtime.InteropServices;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>
/// Walks the messages in one datagram (NLMSG_NEXT semantics). A truncated or malformed header is an error, not
/// the end: silently stopping would turn a kernel/ABI mismatch into "link not found".
/// </summary>
public ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _rest;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _rest = datagram;
    }

    public bool TryRead(out NetlinkMessage message)
    {
        if (_rest.Length < NlMsgHdr.Size)
        {
            if (!_rest.IsEmpty && _rest.IndexOfAnyExcept((byte)0) >= 0)
            {
                throw new InvalidDataException($"netlink datagram ends with {_rest.Length} stray bytes");
            }

            message = default;
            return false;
        }

        var header = MemoryMarshal.Read<NlMsgHdr>(_rest);
        if (header.nlmsg_len < NlMsgHdr.Size || header.nlmsg_len > _rest.Length)
        {
            throw new InvalidDataException($"netlink message length {header.nlmsg_len} does not fit the {_rest.Length} bytes left");
        }

        message = new NetlinkMessage(header, _rest[NlMsgHdr.Size..(int)header.nlmsg_len]);
        var next = Math.Min(_rest.Length, NetlinkConstants.Align((int)header.nlmsg_len));
        _rest = _rest[next..];
        return true;
    }
}
