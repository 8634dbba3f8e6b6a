using System.Net;
using K8sNet.Bridge.Planning;

namespace K8sNet.Bridge.Operations;

/// <summary>ipMasq for one attachment, whatever the backend. Failures are CniExceptions with code 104.</summary>
public interface IPodMasquerade
{
    void Setup(string network, string containerId, string ifName, IReadOnlyList<CidrAddress> podAddresses);

    /// <summary>Removes the attachment's rules; works with no addresses known (DEL without netns).</summary>
    void Teardown(string network, string containerId, string ifName, IReadOnlyList<IPAddress> knownAddresses);

    void Check(string network, string containerId, string ifName, IReadOnlyList<CidrAddress> podAddresses);
}
