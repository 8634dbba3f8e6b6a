using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Loopback;

/// <summary>
/// The loopback plugin (type "loopback"): what containerd's CRI runs first for every pod sandbox (name
/// "cni-loopback", cniVersion 0.3.1) and kubenet ran with 0.1.0. ADD brings <c>lo</c> up in the pod's namespace and
/// reports it, DEL sets it down, CHECK wants it up. <c>CNI_IFNAME</c> is checked like any plugin's but not used: the
/// interface is always <c>lo</c>. Unlike the bridge it speaks every spec version, each in its own result shape.
/// </summary>
public sealed class LoopbackPlugin : ICniPlugin
{
    public CniVersionSet Versions => CniVersionSet.All;

    public CniResult Add(CniInvocation invocation)
    {
        using var netns = LoopbackNetns.OpenForChange(invocation.Request);
        var addresses = LoopbackDevice.BringUp(netns);
        // Chained after another plugin, loopback adds nothing to its answer (the reference does the same); the
        // dispatcher writes it back in the config's version.
        return invocation.PrevResult ?? LoopbackResult.Build(invocation.Request.NetNs, addresses);
    }

    /// <summary>No netns, or one that is gone, leaves nothing to set down: DEL succeeds, as it must for retries.</summary>
    public void Del(CniInvocation invocation)
    {
        using var netns = LoopbackNetns.TryOpenForDel(invocation.Request);
        if (netns is not null)
        {
            LoopbackDevice.SetDown(netns);
        }
    }

    public void Check(CniInvocation invocation)
    {
        using var netns = LoopbackNetns.Open(invocation.Request.NetNs);
        if (!LoopbackDevice.IsUp(netns))
        {
            throw new CniException(CniErrorCode.CheckFailed, $"loopback interface is down in {invocation.Request.NetNs}");
        }
    }

    /// <summary>Loopback keeps no state outside the pod's namespace: nothing to collect.</summary>
    public void Gc(CniInvocation invocation)
    {
    }

    /// <summary>Needs nothing from the node: always ready.</summary>
    public void Status(CniInvocation invocation)
    {
    }
}
