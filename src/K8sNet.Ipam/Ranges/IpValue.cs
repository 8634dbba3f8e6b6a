using System.Net;
using System.Net.Sockets;

namespace K8sNet.Ipam.Ranges;

/// <summary>
/// An address as a number, so range math is plain arithmetic for both families. IPv4-mapped IPv6 addresses
/// count as IPv4, as Go's <c>To4()</c> canonicalisation does in the reference.
/// </summary>
public readonly record struct IpValue(UInt128 Value, bool IsV6) : IComparable<IpValue>
{
    public int Bits => IsV6 ? 128 : 32;

    public static IpValue From(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return new IpValue(value, address.AddressFamily == AddressFamily.InterNetworkV6);
    }

    public static bool TryParse(string? text, out IpValue value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Contains('%') || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        // IPAddress.TryParse accepts "10" or "10.1" as IPv4 shorthands; the reference (Go net.ParseIP) does not.
        if (address.AddressFamily == AddressFamily.InterNetwork && text.AsSpan().Count('.') != 3)
        {
            return false;
        }

        value = From(address);
        return true;
    }

    public IPAddress ToIPAddress()
    {
        var length = IsV6 ? 16 : 4;
        Span<byte> bytes = stackalloc byte[length];
        var v = Value;
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(v & 0xff);
            v >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>The next address, wrapping within the family (callers never step past a range end).</summary>
    public IpValue Next() => this with { Value = IsV6 ? Value + 1 : (Value + 1) & uint.MaxValue };

    public UInt128 Mask(int prefix) => prefix == 0 ? 0 : (Bits == 128 ? UInt128.MaxValue : uint.MaxValue) << (Bits - prefix) & Max;

    public UInt128 Max => IsV6 ? UInt128.MaxValue : uint.MaxValue;

    public int CompareTo(IpValue other) => IsV6 != other.IsV6 ? IsV6.CompareTo(other.IsV6) : Value.CompareTo(other.Value);

    public static bool operator <(IpValue a, IpValue b) => a.CompareTo(b) < 0;

    public static bool operator >(IpValue a, IpValue b) => a.CompareTo(b) > 0;

    public static bool operator <=(IpValue a, IpValue b) => a.CompareTo(b) <= 0;

    public static bool operator >=(IpValue a, IpValue b) => a.CompareTo(b) >= 0;

    /// <summary>The canonical text (what the reference uses as lease file name, Go's <c>net.IP.String()</c>).</summary>
    public override string ToString() => ToIPAddress().ToString();
}
