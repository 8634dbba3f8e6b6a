using System.Net;
using System.Net.Sockets;
using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Portmap.Config;

/// <summary>The pod's first IPv4 and first IPv6 address in prevResult, chosen as the reference does.</summary>
public sealed record ContainerAddresses(IPAddress? V4, int V4Prefix, IPAddress? V6, int V6Prefix)
{
    public bool IsEmpty => V4 is null && V6 is null;

    public IEnumerable<(IPAddress Address, int Prefix)> Each()
    {
        if (V4 is not null)
        {
            yield return (V4, V4Prefix);
        }

        if (V6 is not null)
        {
            yield return (V6, V6Prefix);
        }
    }

    /// <summary>
    /// The reference's parseConfig: an entry counts unless its interface index points at an interface that is
    /// not <paramref name="ifName"/> or has no sandbox (a missing or out-of-range index counts).
    /// </summary>
    public static ContainerAddresses From(CniResult prev, string ifName)
    {
        IPAddress? v4 = null, v6 = null;
        int v4Prefix = 0, v6Prefix = 0;
        var interfaces = prev.Interfaces ?? [];
        for (var i = 0; i < (prev.Ips?.Count ?? 0); i++)
        {
            var ip = prev.Ips![i];
            if (ip.Interface is { } index && index >= 0 && index < interfaces.Count
                && (interfaces[index].Name != ifName || string.IsNullOrEmpty(interfaces[index].Sandbox)))
            {
                continue;
            }

            if (!TryParseCidr(ip.Address, out var address, out var prefix))
            {
                throw CniException.InvalidConfig($"prevResult.ips[{i}].address", $"\"{CniRequestReader.Printable(ip.Address)}\" is not an address in CIDR notation");
            }

            if (address.AddressFamily == AddressFamily.InterNetwork && v4 is null)
            {
                (v4, v4Prefix) = (address, prefix);
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && v6 is null)
            {
                (v6, v6Prefix) = (address, prefix);
            }
        }

        return new ContainerAddresses(v4, v4Prefix, v6, v6Prefix);
    }

    private static bool TryParseCidr(string text, out IPAddress address, out int prefix)
    {
        address = IPAddress.None;
        prefix = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var parsed) || !int.TryParse(text.AsSpan(slash + 1), out prefix))
        {
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return prefix >= 0 && prefix <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }
}
