using System.Buffers.Binary;
using System.Text;
using K8sNet.Linux.Netlink;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Masquerade.Nftables;

/// <summary>
/// The macspoofchk rules the reference bridge plugin made for one attachment (containernetworking/plugins
/// pkg/link/spoofcheck.go), removed when K8sNet deletes a pod the reference wired: a node upgraded live keeps no
/// rule of a deleted pod. The reference's layout, in table <c>bridge nat</c>:
/// <code>
/// chain PREROUTING { type filter hook prerouting priority -300; iifname VETH jump cni-br-iface-ID-IF comment "macspoofchk-ID-IF" }
/// chain cni-br-iface-ID-IF { jump cni-br-iface-ID-IF-mac comment "…" }
/// chain cni-br-iface-ID-IF-mac { ether saddr MAC return comment "…"; drop comment "…" }
/// </code>
/// Like the reference's own teardown, the table and base chain stay (other pods' jumps live there). Nothing to
/// remove costs one GETCHAIN of the attachment's own chain (ENOENT): no dump, no exec.
/// </summary>
public sealed class ReferenceSpoofCheck(NetlinkSocket socket)
{
    public const string Table = "nat";
    public const string BaseChain = "PREROUTING";

    public static string InterfaceChain(string containerId, string ifName) => $"cni-br-iface-{containerId}-{ifName}";

    public static string MacChain(string containerId, string ifName) => InterfaceChain(containerId, ifName) + "-mac";

    public static string Comment(string containerId, string ifName) => $"macspoofchk-{containerId}-{ifName}";

    /// <summary>Removes the attachment's jump and both chains in one transaction; returns whether there was anything.</summary>
    public bool Remove(string containerId, string ifName)
    {
        var interfaceChain = InterfaceChain(containerId, ifName);
        if (!NftQueries.ChainExists(socket, NFPROTO_BRIDGE, Table, interfaceChain))
        {
            return false;
        }

        // The reference finds its jump the same way: the base chain's rules carrying the attachment's comment.
        var comment = Encoding.UTF8.GetBytes(Comment(containerId, ifName));
        var list = new NetlinkWriter();
        NftMessages.ListRules(list, NFPROTO_BRIDGE, Table, BaseChain);
        var handles = new List<ulong>();
        foreach (var rule in socket.Dump(list, (NetlinkMessage m, out RuleIdentity rule) => ReadRule(m, out rule), "nft list chain", $"bridge {Table} {BaseChain}"))
        {
            if (CommentIs(rule.UserData, comment))
            {
                handles.Add(rule.Handle);
            }
        }

        var chains = new List<string> { interfaceChain };
        var macChain = MacChain(containerId, ifName);
        if (NftQueries.ChainExists(socket, NFPROTO_BRIDGE, Table, macChain))
        {
            chains.Add(macChain);
        }

        var delete = new NetlinkWriter();
        NftMessages.DeleteRulesAndChains(delete, NFPROTO_BRIDGE, Table, BaseChain, handles, chains);
        socket.Execute(delete, "nft delete chain", $"bridge {Table} {interfaceChain} (reference macspoofchk)");
        return true;
    }

    /// <summary>A rule's NFTA_RULE_HANDLE and NFTA_RULE_USERDATA (empty when it has no comment).</summary>
    private static bool ReadRule(NetlinkMessage message, out RuleIdentity rule)
    {
        ulong handle = 0;
        var userData = Array.Empty<byte>();
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type & Linux.Netlink.Wire.NetlinkConstants.NLA_TYPE_MASK)
            {
                case NFTA_RULE_HANDLE when attributes.Value.Length == 8:
                    handle = BinaryPrimitives.ReadUInt64BigEndian(attributes.Value);
                    break;
                case NFTA_RULE_USERDATA:
                    userData = attributes.Value.ToArray();
                    break;
            }
        }

        rule = new RuleIdentity(handle, userData);
        return handle != 0;
    }

    /// <summary>libnftnl's comment TLV {type 0, length, text NUL} holds exactly <paramref name="comment"/>.</summary>
    public static bool CommentIs(ReadOnlySpan<byte> userData, ReadOnlySpan<byte> comment)
    {
        while (userData.Length >= 2)
        {
            var length = userData[1];
            if (userData.Length < 2 + length)
            {
                return false;
            }

            var value = userData.Slice(2, length);
            if (userData[0] == NFTNL_UDATA_RULE_COMMENT)
            {
                var text = value.Length > 0 && value[^1] == 0 ? value[..^1] : value;
                return text.SequenceEqual(comment);
            }

            userData = userData[(2 + length)..];
        }

        return false;
    }

    /// <summary>A class, not a tuple: a value-type generic instantiation would add code to the AOT image.</summary>
    private sealed class RuleIdentity(ulong handle, byte[] userData)
    {
        public ulong Handle => handle;

        public byte[] UserData => userData;
    }
}
