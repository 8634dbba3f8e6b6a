using System.Net;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Config;

/// <summary>How the container interface's MAC is chosen when the runtime asks for none.</summary>
public static class PodMac
{
    /// <summary>
    /// 0a:58 followed by the pod's IPv4 address, as the seeds show (kubenet's scheme): a new pod that inherits an IP
    /// also inherits the MAC, so neighbours' ARP caches stay right. 0a has the locally-administered bit set.
    /// </summary>
    public static MacAddress FromIPv4(IPAddress address)
    {
        var ip = address.GetAddressBytes();
        return MacAddress.FromBytes([0x0a, 0x58, ip[0], ip[1], ip[2], ip[3]]);
    }
}
