using K8sNet.Bridge;
using K8sNet.Cni;

namespace K8sNet;

/// <summary>
/// One binary, four plugins: IPAM when run as `host-local`, loopback as `loopback`, hostPorts as `portmap`, the bridge
/// otherwise.
/// </summary>
internal static class PluginSelector
{
    public const string HostLocalName = "host-local";
    public const string LoopbackName = "loopback";
    public const string PortmapName = "portmap";

    public static ICniPlugin ForInvokedName(string name) => name switch
    {
        HostLocalName => new Ipam.HostLocalPlugin(),
        LoopbackName => new Loopback.LoopbackPlugin(),
        PortmapName => new Portmap.PortmapPlugin(),
        _ => new BridgePlugin(),
    };
}
