using System.Buffers.Binary;
using System.Net;
using System.Text;
using K8sNet.Linux.Netlink.Wire;

namespace K8sNet.Linux.Netlink;

/// <summary>
/// Walks a run of attributes (struct nlattr + payload, 4-aligned). <see cref="Type"/> has NLA_F_NESTED and
/// NLA_F_NET_BYTEORDER masked off; nested payloads are read with a new reader over <see cref="Value"/>.
/// </summary>
public ref struct NetlinkAttributeReader
{
    private ReadOnlySpan<byte> _rest;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
        Type = 0;
        Value = default;
    }

    public ushort Type { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    public bool MoveNext()
    {
        if (_rest.Length < NetlinkConstants.NlaHeaderSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < NetlinkConstants.NlaHeaderSize || length > _rest.Length)
        {
            throw new InvalidDataException($"netlink attribute length {length} does not fit the {_rest.Length} bytes left");
        }

        Type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & NetlinkConstants.NLA_TYPE_MASK);
        Value = _rest[NetlinkConstants.NlaHeaderSize..length];
        _rest = _rest[Math.Min(_rest.Length, NetlinkConstants.Align(length))..];
        return true;
    }

    public readonly NetlinkAttributeReader Nested() => new(Value);

    public readonly byte U8 => Value.Length >= 1 ? Value[0] : throw Short(1);

    public readonly ushort U16 => Value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(Value) : throw Short(2);

    public readonly uint U32 => Value.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Value) : throw Short(4);

    public readonly int I32 => Value.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(Value) : throw Short(4);

    /// <summary>A string attribute without its trailing NUL (if any).</summary>
    public readonly string String
    {
        get
        {
            var end = Value.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
        }
    }

    public readonly IPAddress Address => Value.Length is 4 or 16
        ? new IPAddress(Value)
        : throw new InvalidDataException($"netlink attribute {Type} holds {Value.Length} bytes, not an IP address");

    private readonly InvalidDataException Short(int wanted) =>
        new($"netlink attribute {Type} holds {Value.Length} bytes, expected {wanted}");
}
