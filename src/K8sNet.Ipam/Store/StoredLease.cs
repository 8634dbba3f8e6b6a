using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Store;

/// <summary>
/// One lease as the index knows it: the address, its owner, and where it came from (boot id and netns path of the
/// ADD; empty when unknown, e.g. for leases the reference plugin wrote).
/// </summary>
public sealed record StoredLease(IpValue Ip, string ContainerId, string IfName, string BootId, string NetNs)
{
    public LeaseContent Content => new(ContainerId, IfName);
}
