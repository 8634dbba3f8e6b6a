using System.Net;
using System.Net.Sockets;

namespace K8sNet.Portmap.Config;

/// <summary>
/// One entry of <c>runtimeConfig.portMappings</c>, validated: ports 1-65535, protocol tcp/udp/sctp (lower case),
/// host IP parsed. <see cref="HostIp"/> is null for "any" (absent, empty, 0.0.0.0 or ::).
/// </summary>
public sealed record PortMapping(int HostPort, int ContainerPort, string Protocol, IPAddress? HostIp)
{
    /// <summary>IANA protocol numbers, as <c>meta l4proto</c> and conntrack see them.</summary>
    public byte ProtocolNumber => Protocol switch
    {
        "tcp" => 6,
        "udp" => 17,
        _ => 132,
    };

    /// <summary>Whether this entry applies to a container address of <paramref name="family"/>.</summary>
    public bool AppliesTo(AddressFamily family) => HostIp is null || HostIp.AddressFamily == family;

    /// <summary>Whether 127.0.0.1:hostPort reaches it from the node (IPv4, and no other specific host IP asked for).</summary>
    public bool ReachableOnLocalhost => HostIp is null || IPAddress.IsLoopback(HostIp);

    /// <summary>"*" for any address: how comments, messages and inspect print the host IP.</summary>
    public string HostIpText => HostIp?.ToString() ?? "*";

    public override string ToString() => $"{Protocol}/{HostIpText}:{HostPort}->{ContainerPort}";
}
