using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Bridge;

/// <summary>The bridge plugin. Its verbs are being built (issue 4); until then each answers with a CNI error.</summary>
public sealed class BridgePlugin : ICniPlugin
{
    public CniResult Add(CniInvocation invocation) => throw NotYet(invocation);

    public void Del(CniInvocation invocation) => throw NotYet(invocation);

    public void Check(CniInvocation invocation) => throw NotYet(invocation);

    public void Gc(CniInvocation invocation) => throw NotYet(invocation);

    public void Status(CniInvocation invocation) => throw NotYet(invocation);

    private static CniException NotYet(CniInvocation invocation) =>
        new(CniErrorCode.UnsupportedField, $"{invocation.Command.ToWire()} is not implemented yet by k8snet");
}
