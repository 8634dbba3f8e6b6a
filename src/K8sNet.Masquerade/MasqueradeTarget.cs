using System.Net;
using System.Net.Sockets;

namespace K8sNet.Masquerade;

/// <summary>One pod address and the prefix length of its subnet (the CIDR IPAM returned, e.g. 10.200.0.2/24).</summary>
public readonly record struct MasqueradeAddress(IPAddress Address, int PrefixLength)
{
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    public static MasqueradeAddress Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address)
            || !int.TryParse(cidr.AsSpan(slash + 1), out var prefix))
        {
            throw new FormatException($"'{cidr}' is not an address/prefix");
        }

        return new MasqueradeAddress(address, prefix);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>
/// Whose rules: the network (config <c>name</c>), the container (CNI_CONTAINERID), the interface (CNI_IFNAME;
/// the iptables rules ignore it, as the reference does) and the pod's addresses (may be empty on teardown).
/// </summary>
public sealed record MasqueradeTarget(
    string NetworkName,
    string ContainerId,
    string IfName,
    IReadOnlyList<MasqueradeAddress> Addresses)
{
    public MasqueradeTarget(string networkName, string containerId, string ifName)
        : this(networkName, containerId, ifName, [])
    {
    }
}
