using K8sNet.Bridge.Config;
using K8sNet.Bridge.Ipam;
using K8sNet.Bridge.Kernel;
using K8sNet.Bridge.Planning;
using K8sNet.Bridge.Steps;
using K8sNet.Cni;
using K8sNet.Cni.Diagnostics;
using K8sNet.Cni.Results;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// ADD as small named steps. Each step that makes something pushes its undo; if any later step fails, the stack
/// unwinds (lease, veth, rules), so a failed ADD leaves the node as it found it. The bridge itself is shared state
/// and stays.
/// </summary>
public sealed class AddOperation(CniInvocation invocation, BridgeConf conf, IIpamDriver? ipam, IMasqueradeBackend masquerade)
{
    private readonly UndoStack _undo = new();

    public CniResult Run()
    {
        using var podNs = PodNetns.Open(invocation.Request.NetNs);
        using var node = RouteNetlink.Open();
        using var pod = KernelErrors.Run("open netlink socket in the pod namespace", () => RouteNetlink.Open(podNs));
        var ifName = invocation.Request.IfName;
        KernelErrors.Run("check container interface", () => VethPair.EnsureAbsent(pod, ifName, podNs.Path));
        var requestedMac = BridgeConfLoader.RequestedMac(conf, invocation.Request.Args);
        try
        {
            // Addresses first: a refused IPAM config or an exhausted pool must not leave a new bridge behind.
            var result = AllocateAddresses();
            FaultPoint.Reached("add:ipam");
            var bridge = KernelErrors.Run($"ensure bridge {conf.BridgeName}", () => BridgeDevice.Ensure(node, conf));
            FaultPoint.Reached("add:bridge");
            var plan = GatewayPlanner.Plan(result, conf);
            var ends = CreateVeth(node, pod, podNs, ifName, requestedMac ?? DefaultMac(plan));
            FaultPoint.Reached("add:veth");
            KernelErrors.Run($"attach {ends.Host.Name} to {bridge.Name}", () => VethPair.AttachHostEnd(node, ends.Host, bridge, conf, Attachment));
            FaultPoint.Reached("add:attach");
            ConfigurePod(podNs, pod, ends.Container, plan);
            FaultPoint.Reached("add:pod");
            var vlanGateway = ConfigureGateway(node, bridge, plan);
            FaultPoint.Reached("add:gateway");
            SetupMasquerade(plan);
            FaultPoint.Reached("add:masquerade");
            SetupMacSpoofCheck(ends);
            return ResultBuilder.Build(result, bridge, ends, node, invocation, conf, vlanGateway);
        }
        catch
        {
            _undo.RollBack(invocation.Logger);
            throw;
        }
    }

    private AttachmentAlias Attachment => new(invocation.NetworkName, invocation.Request.ContainerId, invocation.Request.IfName);

    private CniResult AllocateAddresses()
    {
        if (ipam is null)
        {
            return new CniResult();
        }

        if (conf.DisableContainerInterface)
        {
            throw CniException.InvalidConfig("disableContainerInterface", "cannot be used with an IPAM that configures addresses");
        }

        var result = ipam.Add(invocation);
        _undo.Push("IPAM lease", () => ipam.Del(invocation));
        if (result.Ips is not { Count: > 0 })
        {
            throw new CniException(CniErrorCode.Internal, "IPAM plugin returned missing IP config");
        }

        return result;
    }

    private VethEnds CreateVeth(RouteNetlink node, RouteNetlink pod, NetNs podNs, string ifName, Linux.Rtnetlink.MacAddress? mac)
    {
        var ends = KernelErrors.Run($"create veth pair for {ifName}", () => VethPair.Create(node, pod, podNs, ifName, mac, conf.Mtu));
        // Deleting either end removes both; the host end is reachable even if the pod namespace goes away meanwhile.
        _undo.Push($"veth {ends.Host.Name}", () => node.DeleteLink(ends.Host.Index));
        return ends;
    }

    private void ConfigurePod(NetNs podNs, RouteNetlink pod, Link container, AttachmentPlan plan)
    {
        KernelErrors.Run($"set sysctls of {container.Name} in the pod", () => PodConfigurator.ApplySysctls(pod, podNs, container, plan, conf));
        KernelErrors.Run($"configure {container.Name} in the pod", () => PodConfigurator.AddressAndRoute(pod, container, plan, conf));
    }

    /// <summary>The gateway address on the bridge, or with vlan on the VLAN gateway interface (returned for the result).</summary>
    private Link? ConfigureGateway(RouteNetlink node, Link bridge, AttachmentPlan plan)
    {
        if (!conf.PutsGatewayOnBridge)
        {
            return null;
        }

        var vlanGateway = conf.VlanGatewayName is { } name && plan.BridgeAddresses.Count > 0
            ? KernelErrors.Run($"create VLAN gateway interface {name}", () => VlanGateway.Ensure(node, bridge, conf))
            : null;
        var holder = vlanGateway ?? bridge;
        KernelErrors.Run($"set gateway address on {holder.Name}", () => BridgeDevice.EnsureGatewayAddresses(node, holder, plan.BridgeAddresses, conf.ForceAddress));
        KernelErrors.Run("enable forwarding", () => NodeSysctls.EnableForwarding(plan.BridgeHasIPv4Gateway, plan.BridgeHasIPv6Gateway));
        return vlanGateway;
    }

    private void SetupMasquerade(AttachmentPlan plan)
    {
        if (!conf.IpMasq || plan.PodAddresses.Count == 0)
        {
            return;
        }

        var target = MasqueradeTargets.For(invocation, plan.PodAddresses);
        _undo.Push("masquerade rules", () => masquerade.Teardown(target));
        masquerade.Setup(target);
    }

    private void SetupMacSpoofCheck(VethEnds ends)
    {
        if (!conf.MacSpoofCheck || ends.Container.Mac is not { } mac)
        {
            return;
        }

        var (id, ifName) = (invocation.Request.ContainerId, invocation.Request.IfName);
        var spoof = MacSpoofCheckSelector.For();
        _undo.Push("macspoofchk rules", () => spoof.Teardown(id, ifName));
        spoof.Setup(id, ifName, ends.Host.Name, mac.ToString());
    }

    /// <summary>0a:58:&lt;IPv4&gt; when the pod has an IPv4 address; otherwise the kernel picks one.</summary>
    private static Linux.Rtnetlink.MacAddress? DefaultMac(AttachmentPlan plan) =>
        AttachmentPlan.FirstOf(plan.PodAddresses, ipv6: false) is { } v4 ? PodMac.FromIPv4(v4.Address) : null;
}
