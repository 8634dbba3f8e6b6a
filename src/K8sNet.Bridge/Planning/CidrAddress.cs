using System.Net;
using System.Net.Sockets;
using K8sNet.Cni;

namespace K8sNet.Bridge.Planning;

/// <summary>An address with its prefix length, as CNI results write it ("10.200.0.2/24").</summary>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    public int MaxPrefix => IsIPv6 ? 128 : 32;

    /// <summary>The network address: the host bits cleared.</summary>
    public IPAddress NetworkAddress
    {
        get
        {
            var bytes = Address.GetAddressBytes();
            for (var bit = PrefixLength; bit < bytes.Length * 8; bit++)
            {
                bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            }

            return new IPAddress(bytes);
        }
    }

    public CidrAddress Network => new(NetworkAddress, PrefixLength);

    /// <summary>network + 1: the reference's default gateway when IPAM names none.</summary>
    public IPAddress FirstHost
    {
        get
        {
            var bytes = NetworkAddress.GetAddressBytes();
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                if (++bytes[i] != 0)
                {
                    break;
                }
            }

            return new IPAddress(bytes);
        }
    }

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Address.AddressFamily)
        {
            return false;
        }

        return new CidrAddress(address, PrefixLength).NetworkAddress.Equals(NetworkAddress);
    }

    public static bool TryParse(string? text, out CidrAddress network)
    {
        network = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/');
        if (slash <= 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !AsciiDecimal.TryParse(text.AsSpan(slash + 1), out var prefix))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefix > max)
        {
            return false;
        }

        network = new CidrAddress(address, prefix);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
