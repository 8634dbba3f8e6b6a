using K8sNet.Linux.Namespaces;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>
/// A veth pair to create with one RTM_NEWLINK. <see cref="Name"/> is created in the netns of the socket that sends
/// the request; <see cref="PeerName"/> is created directly in <see cref="PeerNetNs"/> (or beside it when null).
/// MTU and transmit queue length apply to both ends; null MACs let the kernel pick random ones, a null queue length
/// keeps the kernel's default (1000 for veth).
/// </summary>
public sealed record VethSpec(
    string Name,
    string PeerName,
    NetNs? PeerNetNs = null,
    int? Mtu = null,
    MacAddress? Mac = null,
    MacAddress? PeerMac = null,
    uint? TxQueueLength = null);
