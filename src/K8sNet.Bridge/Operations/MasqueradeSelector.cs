using System.Net;
using K8sNet.Bridge.Config;
using K8sNet.Bridge.Planning;
using K8sNet.Cni;

namespace K8sNet.Bridge.Operations;

/// <summary>Chooses the masquerade backend for a config (ipMasqBackend).</summary>
public static class MasqueradeSelector
{
    public static IPodMasquerade For(CniInvocation invocation, BridgeConf conf) => new PendingMasquerade();

    /// <summary>Until the masquerade backend lands: ipMasq configs are refused instead of silently unmasqueraded.</summary>
    private sealed class PendingMasquerade : IPodMasquerade
    {
        public void Setup(string network, string containerId, string ifName, IReadOnlyList<CidrAddress> podAddresses) =>
            throw new CniException(CniErrorCode.UnsupportedField, "ipMasq is not implemented yet by k8snet");

        public void Teardown(string network, string containerId, string ifName, IReadOnlyList<IPAddress> knownAddresses)
        {
        }

        public void Check(string network, string containerId, string ifName, IReadOnlyList<CidrAddress> podAddresses) =>
            throw new CniException(CniErrorCode.UnsupportedField, "ipMasq is not implemented yet by k8snet");
    }
}
