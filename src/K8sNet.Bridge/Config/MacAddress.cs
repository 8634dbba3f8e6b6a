using System.Globalization;
using System.Net;

namespace K8sNet.Bridge.Config;

/// <summary>A 6-byte Ethernet address.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public byte[] ToBytes()
    {
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(Value >> (8 * (5 - i)));
        }

        return bytes;
    }

    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (var b in bytes[..6])
        {
            value = (value << 8) | b;
        }

        return new MacAddress(value);
    }

    /// <summary>
    /// 0a:58 followed by the pod's IPv4 address, as the seeds show (kubenet's scheme): a new pod that inherits an IP
    /// also inherits the MAC, so neighbours' ARP caches stay right.
    /// </summary>
    public static MacAddress FromIPv4(IPAddress address)
    {
        var ip = address.GetAddressBytes();
        return FromBytes([0x0a, 0x58, ip[0], ip[1], ip[2], ip[3]]);
    }

    public static bool TryParse(string text, out MacAddress mac)
    {
        mac = default;
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }

        ulong value = 0;
        foreach (var part in parts)
        {
            if (part.Length != 2 || !byte.TryParse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        // A multicast MAC (lowest bit of the first byte) cannot be an interface address.
        if ((value >> 40 & 1) == 1)
        {
            return false;
        }

        mac = new MacAddress(value);
        return true;
    }

    public override string ToString() => string.Join(':', ToBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
