using K8sNet.Cni.Results;

namespace K8sNet.Cni;

/// <summary>The verbs a plugin implements. Output is the dispatcher's job: ADD returns its result, others return.</summary>
public interface ICniPlugin
{
    /// <summary>The spec versions this plugin accepts and VERSION lists; most start at 0.3.0.</summary>
    CniVersionSet Versions => CniVersionSet.FromV030;

    CniResult Add(CniInvocation invocation);

    void Del(CniInvocation invocation);

    void Check(CniInvocation invocation);

    void Gc(CniInvocation invocation);

    void Status(CniInvocation invocation);
}
