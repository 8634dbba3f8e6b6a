using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Address and CIDR parsing as the Kubernetes API validates them, stricter than IPAddress.TryParse, which also takes
/// "10.1" (10.0.0.1), "0x0a.1.2.3", decimal integers and "%zone" suffixes: none of those can be a route's next hop.
/// </summary>
public static class StrictIp
{
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && !IsDottedQuad(text))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.IsIPv4MappedToIPv6)
        {
            return false; // ::ffff:10.0.0.1 is an IPv4 address in disguise; a route of the wrong family
        }

        address = parsed;
        return true;
    }

    /// <summary>"10.200.1.0/24": a network address with its prefix length; host bits set is an error that says so.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out string why)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            why = $"\"{text}\" is not a CIDR (ADDRESS/PREFIX)";
            return false;
        }

        if (!TryParseAddress(text[..slash], out var address))
        {
            why = $"\"{text}\": \"{text[..slash]}\" is not an IPv4 or IPv6 address";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var lengthText = text[(slash + 1)..];
        var length = lengthText.Length is > 0 and <= 3 && AllDigits(lengthText) ? int.Parse(lengthText, CultureInfo.InvariantCulture) : -1;
        if (length < 0 || length > bits)
        {
            why = $"\"{text}\": the prefix length must be 0-{bits}";
            return false;
        }

        var masked = Mask(address, length);
        if (!masked.Equals(address))
        {
            why = $"\"{text}\" is not a network: host bits are set (the network is {masked}/{length})";
            return false;
        }

        network = new IPNetwork(address, length);
        why = string.Empty;
        return true;
    }

    internal static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !AllDigits(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }
        }

        return true;
    }
}
