using K8sNet.Cni.Results;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Results shaped like the bridge's: host bridge, host veth, container eth0.</summary>
public static class SampleResults
{
    public static CniResult Ipv4OnEth0() => new()
    {
        Interfaces = [new CniInterface { Name = "eth0", Mac = "0a:58:0a:c8:00:02", Sandbox = "/run/netns/test" }],
        Ips = [new CniIpConfig { Interface = 0, Address = "10.200.0.2/24", Gateway = "10.200.0.1" }],
        Routes = [new CniRoute { Dst = "0.0.0.0/0" }],
    };

    /// <summary>Dual stack with every 1.1.0-only field set, so down-conversion has something to drop.</summary>
    public static CniResult DualStackWithExtendedFields() => new()
    {
        CniVersion = "1.1.0",
        Interfaces =
        [
            new CniInterface { Name = "cnio0", Mac = "0a:58:0a:c8:00:01", Mtu = 1500 },
            new CniInterface { Name = "eth0", Mac = "0a:58:0a:c8:00:02", Sandbox = "/run/netns/test", Mtu = 1450, SocketPath = "/run/vhost.sock", PciId = "0000:00:1f.6" },
        ],
        Ips =
        [
            new CniIpConfig { Interface = 1, Address = "10.200.0.2/24", Gateway = "10.200.0.1" },
            new CniIpConfig { Interface = 1, Address = "fd00:200::2/64", Gateway = "fd00:200::1" },
        ],
        Routes =
        [
            new CniRoute { Dst = "0.0.0.0/0", Gw = "10.200.0.1", Mtu = 1400, AdvMss = 1360, Priority = 10, Table = 100, Scope = 0 },
            new CniRoute { Dst = "::/0", Gw = "fd00:200::1" },
        ],
    };
}
