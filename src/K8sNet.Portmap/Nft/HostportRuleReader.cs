using System.Buffers.Binary;
using System.Text;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>Reads every rule of the hostport table of one family (one netlink dump); a missing table reads as none.</summary>
public static class HostportRuleReader
{
    public static List<HostportRule> Read(NetlinkSocket socket, byte family)
    {
        var request = new NetlinkWriter();
        HostportMessages.ListRules(request, family);
        try
        {
            return socket.Dump(request, (NetlinkMessage m, out HostportRule rule) => Parse(m, family, HostportTable.Name, out rule), "nft list table", $"{HostportTable.FamilyName(family)} {HostportTable.Name}");
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
        {
            return [];
        }
    }

    /// <summary>The rules of one chain (a filtered dump: the kernel finds the chain by name); a missing chain reads as none.</summary>
    public static List<HostportRule> ReadChain(NetlinkSocket socket, byte family, string chain)
    {
        var request = new NetlinkWriter();
        Masquerade.Nftables.NftMessages.ListRules(request, family, HostportTable.Name, chain);
        try
        {
            return socket.Dump(request, (NetlinkMessage m, out HostportRule rule) => Parse(m, family, HostportTable.Name, out rule), "nft list chain", $"{HostportTable.FamilyName(family)} {HostportTable.Name} {chain}");
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
        {
            return [];
        }
    }

    public static List<HostportRule> ReadBoth(NetlinkSocket socket)
    {
        var rules = Read(socket, NFPROTO_IPV4);
        rules.AddRange(Read(socket, NFPROTO_IPV6));
        return rules;
    }

    /// <summary>A rule of <paramref name="table"/> (ours, or the reference's cni_hostport) with its chain, handle and comment.</summary>
    internal static bool Parse(NetlinkMessage message, byte family, string table, out HostportRule rule)
    {
        string chain = string.Empty, ruleTable = string.Empty, comment = string.Empty;
        ulong handle = 0;
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type & Linux.Netlink.Wire.NetlinkConstants.NLA_TYPE_MASK)
            {
                case NFTA_RULE_TABLE:
                    ruleTable = attributes.String;
                    break;
                case NFTA_RULE_CHAIN:
                    chain = attributes.String;
                    break;
                case NFTA_RULE_HANDLE when attributes.Value.Length == 8:
                    handle = BinaryPrimitives.ReadUInt64BigEndian(attributes.Value);
                    break;
                case NFTA_RULE_USERDATA:
                    comment = CommentOf(attributes.Value);
                    break;
            }
        }

        rule = new HostportRule(family, chain, handle, comment);
        return ruleTable == table && handle != 0;
    }

    /// <summary>The text of libnftnl's comment TLV {type 0, length, text NUL}; "" when there is none.</summary>
    public static string CommentOf(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            var length = userData[1];
            if (userData.Length < 2 + length)
            {
                return string.Empty;
            }

            var value = userData.Slice(2, length);
            if (userData[0] == NFTNL_UDATA_RULE_COMMENT)
            {
                return Encoding.UTF8.GetString(value.Length > 0 && value[^1] == 0 ? value[..^1] : value);
            }

            userData = userData[(2 + length)..];
        }

        return string.Empty;
    }
}
