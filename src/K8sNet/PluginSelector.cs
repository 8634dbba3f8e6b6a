using K8sNet.Bridge;
using K8sNet.Cni;

namespace K8sNet;

/// <summary>One binary, three plugins: IPAM when run as `host-local`, loopback as `loopback`, the bridge otherwise.</summary>
internal static class PluginSelector
{
    public const string HostLocalName = "host-local";

    public const string LoopbackName = "loopback";

    public static ICniPlugin ForInvokedName(string name) => name switch
    {
        HostLocalName => new Ipam.HostLocalPlugin(),
        LoopbackName => new Loopback.LoopbackPlugin(),
        _ => new BridgePlugin(),
    };
}
