using System.Net;
using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Bridge.Ipam;

/// <summary>The IPAM the bridge delegates to: host-local in-process, or any other plugin executed from CNI_PATH.</summary>
public interface IIpamDriver
{
    CniResult Add(CniInvocation invocation);

    void Del(CniInvocation invocation);

    void Check(CniInvocation invocation);

    void Gc(CniInvocation invocation);

    void Status(CniInvocation invocation);

    /// <summary>The addresses this attachment holds, when the IPAM can tell without the pod (empty otherwise).</summary>
    IReadOnlyList<IPAddress> LeasedAddresses(CniInvocation invocation);

    /// <summary>Runs the action under the IPAM's lock if the network holds no lease; false when it did not run.</summary>
    bool RunIfNoLeases(CniInvocation invocation, Action action);
}
