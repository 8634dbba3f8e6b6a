using K8sNet.Bridge.Config;
using K8sNet.Bridge.Kernel;
using K8sNet.Bridge.Ipam;
using K8sNet.Bridge.Operations;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Masquerade;

namespace K8sNet.Bridge;

/// <summary>
/// The bridge plugin (type "bridge" or "k8snet"): each verb reads the bridge keys, picks the IPAM and the masquerade
/// backend, and runs its operation.
/// </summary>
public sealed class BridgePlugin : ICniPlugin
{
    private readonly Func<CniInvocation, BridgeConf, MasqueradeSession> _masqueradeFor;

    public BridgePlugin()
        : this(MasqueradeSelector.For)
    {
    }

    public BridgePlugin(Func<CniInvocation, BridgeConf, MasqueradeSession> masqueradeFor) => _masqueradeFor = masqueradeFor;

    public CniResult Add(CniInvocation invocation)
    {
        var conf = BridgeConfLoader.Load(invocation);
        using var masquerade = _masqueradeFor(invocation, conf);
        return new AddOperation(invocation, conf, IpamSelector.For(invocation), masquerade).Run();
    }

    public void Del(CniInvocation invocation)
    {
        var conf = BridgeConfLoader.Load(invocation);
        using var masquerade = _masqueradeFor(invocation, conf);
        new DelOperation(invocation, IpamSelector.For(invocation), masquerade, conf.MacSpoofCheck).Run();
    }

    public void Check(CniInvocation invocation)
    {
        var conf = BridgeConfLoader.Load(invocation);
        using var masquerade = _masqueradeFor(invocation, conf);
        new CheckOperation(invocation, conf, IpamSelector.For(invocation), masquerade).Run();
    }

    public void Gc(CniInvocation invocation)
    {
        var conf = BridgeConfLoader.Load(invocation);
        using var masquerade = _masqueradeFor(invocation, conf);
        new GcOperation(invocation, IpamSelector.For(invocation), stale =>
            masquerade.Teardown(new MasqueradeTarget(stale.Network, stale.ContainerId, stale.IfName))).Run();
    }

    public void Status(CniInvocation invocation)
    {
        BridgeConfLoader.Load(invocation);
        IpamSelector.For(invocation)?.Status(invocation);
    }
}
