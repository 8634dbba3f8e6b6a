using System.Net;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Ipam;

namespace K8sNet.Bridge.Ipam;

/// <summary>host-local as a direct call: no fork/exec per pod, and rollback is a method call.</summary>
public sealed class InProcessHostLocal(HostLocalPlugin hostLocal) : IIpamDriver
{
    public CniResult Add(CniInvocation invocation) => hostLocal.Add(invocation);

    public void Del(CniInvocation invocation) => hostLocal.Del(invocation);

    public void Check(CniInvocation invocation) => hostLocal.Check(invocation);

    public void Gc(CniInvocation invocation) => hostLocal.Gc(invocation);

    public void Status(CniInvocation invocation) => hostLocal.Status(invocation);

    public IReadOnlyList<IPAddress> LeasedAddresses(CniInvocation invocation) => hostLocal.LeasedAddresses(invocation);

    public bool RunIfNoLeases(CniInvocation invocation, Action action) => hostLocal.RunIfNoLeases(invocation, action);
}
