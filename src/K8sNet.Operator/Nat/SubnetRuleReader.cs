using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Lists the network masquerade rules of the node netns over NETLINK_NETFILTER (no nft binary needed: the plugin
/// does not need one either): one rule dump of <c>table ip k8snet</c> and one of <c>ip6 k8snet</c>. Operator only.
/// </summary>
public static class SubnetRuleReader
{
    public static (IReadOnlyList<SubnetRule> Rules, IReadOnlyList<string> Notes) Read()
    {
        var rules = new List<SubnetRule>();
        var notes = new List<string>();
        NetlinkSocket socket;
        try
        {
            socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);
        }
        catch (ErrnoException ex)
        {
            notes.Add($"cannot read nf_tables: {ex.Message}");
            return (rules, notes);
        }

        using (socket)
        {
            foreach (var (family, name) in new[] { (NFPROTO_IPV4, "ip"), (NFPROTO_IPV6, "ip6") })
            {
                var request = new NetlinkWriter();
                NftMessages.ListTableRules(request, family, SubnetRule.Table);
                try
                {
                    rules.AddRange(socket.Dump(request, (NetlinkMessage m, out SubnetRule rule) => SubnetRuleParser.TryParse(m, name, out rule), "nft list table", $"{name} {SubnetRule.Table}"));
                }
                catch (ErrnoException ex) when (ex.Errno == Errno.ENOENT)
                {
                    // No table of this family: no network masquerades with the nftables backend here.
                }
                catch (ErrnoException ex)
                {
                    notes.Add($"cannot list table {name} {SubnetRule.Table}: {ex.Message}");
                }
            }
        }

        return (rules, notes);
    }
}
