namespace K8sNet.Operator.Inspection;

/// <summary>What kind of inconsistency; <see cref="IsCollectable"/> says whether gc removes it.</summary>
public enum FindingKind
{
    /// <summary>A lease whose recorded netns is gone: the pod died without DEL (its veth died with the netns).</summary>
    LeaseWithoutNetns,

    /// <summary>A lease whose netns exists but has no such interface (an ADD killed midway, or a DEL that half ran).</summary>
    LeaseWithoutInterface,

    /// <summary>The pod interface exists but its peer is not a port of the network's bridge.</summary>
    LeaseWithoutVeth,

    /// <summary>A lease written by another plugin without a netns path: K8sNet cannot tell whether the pod lives.</summary>
    LeaseWithUnknownNetns,

    /// <summary>A veth on the bridge that no lease accounts for.</summary>
    VethWithoutLease,

    /// <summary>A pod masquerade chain of this network whose container holds no lease.</summary>
    ChainWithoutLease,

    /// <summary>The network has leases but its bridge does not exist.</summary>
    BridgeMissing,

    /// <summary>A network masquerade rule (nftables backend) whose subnet holds no lease: nothing uses it.</summary>
    NetworkRuleWithoutPods,

    /// <summary>A hostPort mapped to a (container, ifname) that holds no lease: its pod is gone without DEL.</summary>
    HostPortWithoutLease,

    /// <summary>ipMasq is on but neither a per-pod chain nor a network rule masquerades the pod's address.</summary>
    PodWithoutMasquerade,

    /// <summary>This Node's spec.podCIDRs differ from the local CNI config's subnet (recorded by k8snet-agent).</summary>
    PodCidrMismatch,
}

/// <summary>One inconsistency, named so an operator can act on it.</summary>
/// <param name="Subject">What it is about: "container/ifname", a veth name or a chain name.</param>
public sealed record Finding(FindingKind Kind, string Network, string Subject, string Message)
{
    /// <summary>gc removes these: nothing alive can be using them.</summary>
    public bool IsCollectable => Kind is FindingKind.LeaseWithoutNetns or FindingKind.VethWithoutLease or FindingKind.ChainWithoutLease
        or FindingKind.NetworkRuleWithoutPods or FindingKind.HostPortWithoutLease;
}
