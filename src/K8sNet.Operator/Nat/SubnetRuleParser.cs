using System.Buffers.Binary;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;
using NlaMask = K8sNet.Linux.Netlink.Wire.NetlinkConstants;

namespace K8sNet.Operator.Nat;

/// <summary>
/// One NFT_MSG_NEWRULE of a rule dump (pure): chain, comment, the counter expression's packets and bytes, and
/// whether a masq expression is there. Comments are K8sNet's "k8snet ipMasq network NET subnet CIDR".
/// </summary>
public static class SubnetRuleParser
{
    private const string CommentStart = "k8snet ipMasq network ";
    private const string SubnetMarker = " subnet ";

    public static bool TryParse(NetlinkMessage message, string family, out SubnetRule rule)
    {
        string? chain = null;
        string? comment = null;
        long packets = 0, bytes = 0;
        var masquerades = false;
        var attributes = message.AttributesAfter<NfGenMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type & NlaMask.NLA_TYPE_MASK)
            {
                case NFTA_RULE_CHAIN:
                    chain = attributes.String;
                    break;
                case NFTA_RULE_USERDATA:
                    comment = Comment(attributes.Value);
                    break;
                case NFTA_RULE_EXPRESSIONS:
                    ReadExpressions(attributes.Nested(), ref packets, ref bytes, ref masquerades);
                    break;
            }
        }

        var (network, subnet) = Owner(comment);
        rule = new SubnetRule(family, chain ?? string.Empty, network, subnet, packets, bytes, masquerades);
        return chain is not null;
    }

    /// <summary>(network, subnet) from K8sNet's comment; (null, null) for any other rule.</summary>
    public static (string? Network, string? Subnet) Owner(string? comment)
    {
        if (comment is null || !comment.StartsWith(CommentStart, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var marker = comment.LastIndexOf(SubnetMarker, StringComparison.Ordinal);
        return marker <= CommentStart.Length
            ? (null, null)
            : (comment[CommentStart.Length..marker], comment[(marker + SubnetMarker.Length)..]);
    }

    private static void ReadExpressions(NetlinkAttributeReader list, ref long packets, ref long bytes, ref bool masquerades)
    {
        while (list.MoveNext())
        {
            string? name = null;
            var element = list.Nested();
            while (element.MoveNext())
            {
                switch (element.Type & NlaMask.NLA_TYPE_MASK)
                {
                    case NFTA_EXPR_NAME:
                        name = element.String;
                        break;
                    case NFTA_EXPR_DATA when name == "counter":
                        ReadCounter(element.Nested(), ref packets, ref bytes);
                        break;
                }
            }

            masquerades |= name == "masq";
        }
    }

    private static void ReadCounter(NetlinkAttributeReader data, ref long packets, ref long bytes)
    {
        while (data.MoveNext())
        {
            if (data.Value.Length != 8)
            {
                continue;
            }

            var value = (long)BinaryPrimitives.ReadUInt64BigEndian(data.Value);
            switch (data.Type & NlaMask.NLA_TYPE_MASK)
            {
                case NFTA_COUNTER_PACKETS:
                    packets = value;
                    break;
                case NFTA_COUNTER_BYTES:
                    bytes = value;
                    break;
            }
        }
    }

    /// <summary>The text of libnftnl's comment TLV {type 0, length, text NUL}.</summary>
    private static string? Comment(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            var length = userData[1];
            if (userData.Length < 2 + length)
            {
                return null;
            }

            if (userData[0] == NFTNL_UDATA_RULE_COMMENT)
            {
                var text = userData.Slice(2, length);
                return System.Text.Encoding.UTF8.GetString(text.Length > 0 && text[^1] == 0 ? text[..^1] : text);
            }

            userData = userData[(2 + length)..];
        }

        return null;
    }
}
