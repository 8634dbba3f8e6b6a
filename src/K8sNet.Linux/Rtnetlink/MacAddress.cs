using System.Globalization;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>A 48-bit Ethernet address, printed the way CNI results and iproute2 print it ("0a:58:0a:c8:00:02").</summary>
public readonly record struct MacAddress
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 6)
        {
            throw new ArgumentException($"a MAC address has 6 bytes, not {bytes.Length}", nameof(bytes));
        }

        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return new MacAddress(value);
    }

    /// <summary>
    /// A random unicast, locally administered address (first byte xxxxxx10), as the kernel's eth_random_addr makes.
    /// Not cryptographic: it only has to be unlikely to clash on one L2 segment, and the cryptographic generator would
    /// load OpenSSL into the process.
    /// </summary>
    public static MacAddress NewRandomLocal()
    {
        Span<byte> bytes = stackalloc byte[6];
        Random.Shared.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0xfe) | 0x02);
        return FromBytes(bytes);
    }

    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (also with '-' separators, any case).</summary>
    public static MacAddress Parse(string text) => TryParse(text, out var mac)
        ? mac
        : throw new FormatException($"\"{text}\" is not a MAC address (expected aa:bb:cc:dd:ee:ff)");

    public static bool TryParse(string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null || text.Length != 17)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (i > 0 && text[(i * 3) - 1] is not (':' or '-'))
            {
                return false;
            }

            if (!byte.TryParse(text.AsSpan(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        mac = FromBytes(bytes);
        return true;
    }

    public byte[] GetBytes()
    {
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(_value >> (8 * (5 - i)));
        }

        return bytes;
    }

    /// <summary>aa:bb:cc:dd:ee:ff, lower case.</summary>
    public override string ToString()
    {
        var hex = Convert.ToHexStringLower(GetBytes());
        return string.Create(hex.Length / 2 * 3 - 1, hex, static (chars, hex) =>
        {
            for (var i = 0; i < hex.Length / 2; i++)
            {
                if (i > 0)
                {
                    chars[(i * 3) - 1] = ':';
                }

                chars[i * 3] = hex[i * 2];
                chars[(i * 3) + 1] = hex[(i * 2) + 1];
            }
        });
    }
}
