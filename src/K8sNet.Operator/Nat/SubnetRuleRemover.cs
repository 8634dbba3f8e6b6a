using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Nftables;
using K8sNet.Operator.Config;
using K8sNet.Operator.Gc;
using K8sNet.Operator.Leases;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Removes a network masquerade rule that covers no pod (its base chain in table k8snet, over netlink). Under the
/// network's lease lock the subnet is checked once more: an ADD that took a lease there since inspect keeps it.
/// </summary>
public class SubnetRuleRemover
{
    public string Remove(K8sNetNetwork network, GcAction action)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(action);
        var rule = new SubnetRule(action.Family, action.Subject, action.Network, action.Subnet, 0, 0, true);
        var removed = LeaseReader.RunIfNoLease(network, rule.Covers, () => DeleteChain(action.Family == "ip6" ? NFPROTO_IPV6 : NFPROTO_IPV4, action.Subject));
        return removed
            ? $"removed {action.Family} {SubnetRule.Table} masquerade rule {action.Subject}"
            : $"kept {action.Family} {SubnetRule.Table} masquerade rule {action.Subject}: a pod of {action.Subnet} holds a lease again";
    }

    protected virtual void DeleteChain(byte family, string chain)
    {
        using var socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);
        var request = new NetlinkWriter();
        NftMessages.DeleteChains(request, [(family, chain)]);
        try
        {
            socket.Execute(request, "nft delete chain", $"table {SubnetRule.Table} {chain}");
        }
        catch (Linux.ErrnoException ex) when (ex.Errno == Linux.Errno.ENOENT)
        {
            // Gone meanwhile (the network's last DEL): the goal is reached.
        }
        catch (Linux.ErrnoException ex)
        {
            throw new MasqueradeException($"could not remove masquerade rule {chain}: {ex.Message}", ex);
        }
    }
}
