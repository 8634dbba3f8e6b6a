using K8sNet.Bridge;
using K8sNet.Cni;

namespace K8sNet;

/// <summary>One binary, several plugins: host-local (IPAM), portmap (hostPorts), and the bridge plugin otherwise.</summary>
internal static class PluginSelector
{
    public const string HostLocalName = "host-local";
    public const string PortmapName = "portmap";

    public static ICniPlugin ForInvokedName(string name) => name switch
    {
        HostLocalName => new Ipam.HostLocalPlugin(),
        PortmapName => new Portmap.PortmapPlugin(),
        _ => new BridgePlugin(),
    };
}
