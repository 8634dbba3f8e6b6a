using K8sNet.Linux;

namespace K8sNet.Bridge.Kernel;

/// <summary>Sysctls of the node's own namespace (the one the plugin runs in).</summary>
public static class NodeSysctls
{
    /// <summary>
    /// No router advertisements on the bridge or a host veth: a pod could otherwise send rogue RAs and redirect the
    /// node's IPv6 traffic (CVE-2020-10749). Absent when IPv6 is off, which is fine.
    /// </summary>
    public static void RejectRouterAdvertisements(string linkName) =>
        Sysctl.TryWrite($"net.ipv6.conf.{linkName}.accept_ra", "0");

    /// <summary>Turns forwarding on for a family once the bridge is a gateway of it; reads first to skip the write.</summary>
    public static void EnableForwarding(bool ipv4, bool ipv6)
    {
        if (ipv4)
        {
            EnsureValue("net.ipv4.ip_forward", "1");
        }

        if (ipv6)
        {
            EnsureValue("net.ipv6.conf.all.forwarding", "1");
        }
    }

    private static void EnsureValue(string key, string value)
    {
        if (Sysctl.Read(key).Trim() != value)
        {
            Sysctl.Write(key, value);
        }
    }
}
