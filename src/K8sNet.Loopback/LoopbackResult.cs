using K8sNet.Cni.Results;

namespace K8sNet.Loopback;

/// <summary>
/// ADD's answer when no plugin ran before: <c>lo</c> with the all-zero MAC in the pod's namespace, and the first IPv4
/// and first IPv6 address the kernel put on it (127.0.0.1/8 and ::1/128; no IPv6 when the namespace has it
/// disabled). No gateway, routes or DNS.
/// </summary>
internal static class LoopbackResult
{
    public const string InterfaceName = "lo";

    public const string ZeroMac = "00:00:00:00:00:00";

    public static CniResult Build(string netnsPath, LoopbackAddresses addresses)
    {
        var ips = new List<CniIpConfig>(2);
        foreach (var address in (ReadOnlySpan<string?>)[addresses.FirstV4, addresses.FirstV6])
        {
            if (address is not null)
            {
                ips.Add(new CniIpConfig { Interface = 0, Address = address });
            }
        }

        return new CniResult
        {
            Interfaces = [new CniInterface { Name = InterfaceName, Mac = ZeroMac, Sandbox = netnsPath }],
            Ips = ips.Count > 0 ? ips : null,
        };
    }
}
