using K8sNet.Bridge;
using K8sNet.Cni;

namespace K8sNet;

/// <summary>One binary, two plugins: the IPAM plugin when run as `host-local`, the bridge plugin otherwise.</summary>
internal static class PluginSelector
{
    public const string HostLocalName = "host-local";

    public static ICniPlugin ForInvokedName(string name) =>
        name == HostLocalName ? new Ipam.HostLocalPlugin() : new BridgePlugin();
}
