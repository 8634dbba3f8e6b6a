using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sNet.Cni;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// <c>conditionsV4</c>/<c>conditionsV6</c> for the nf_tables backend, as matches on each DNAT rule (the reference
/// prefixes them to its one table-wide jump, so the last ADD's conditions apply to every pod). K8sNet writes rules
/// over netlink, not through nft's parser, so it understands a subset and refuses the rest naming it:
/// <c>ip|ip6 saddr|daddr [==|!=] ADDR[/LEN]</c> and <c>iifname [==|!=] NAME</c>, any number of them in a row.
/// </summary>
public sealed class NftConditions
{
    private readonly List<Action<NetlinkWriter>> _matches = [];

    private NftConditions(string text) => Text = text;

    public string Text { get; }

    public static NftConditions Parse(IReadOnlyList<string> conditions, AddressFamily family, string key)
    {
        var tokens = new List<string>();
        foreach (var condition in conditions)
        {
            tokens.AddRange(condition.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var result = new NftConditions(string.Join(' ', tokens));
        var i = 0;
        while (i < tokens.Count)
        {
            var start = i;
            var word = tokens[i++];
            if (word is "ip" or "ip6")
            {
                var v6 = word == "ip6";
                if (v6 != (family == AddressFamily.InterNetworkV6))
                {
                    throw Unsupported(key, tokens, start, $"\"{word}\" does not match this list's family");
                }

                var which = i < tokens.Count ? tokens[i++] : string.Empty;
                if (which is not ("saddr" or "daddr"))
                {
                    throw Unsupported(key, tokens, start, "expected saddr or daddr");
                }

                var op = Operator(tokens, ref i);
                var value = i < tokens.Count ? tokens[i++] : string.Empty;
                if (!IPNetwork.TryParse(value.Contains('/') ? value : value + (v6 ? "/128" : "/32"), out var network)
                    || network.BaseAddress.AddressFamily != family)
                {
                    throw Unsupported(key, tokens, start, $"\"{value}\" is not a {(v6 ? "IPv6" : "IPv4")} address or prefix");
                }

                var offset = (which, v6) switch
                {
                    ("saddr", false) => 12u,
                    ("daddr", false) => 16u,
                    ("saddr", true) => 8u,
                    _ => 24u,
                };
                var length = v6 ? 16 : 4;
                result._matches.Add(w =>
                {
                    NftExpressions.Payload(w, offset, (uint)length);
                    NftExpressions.Mask(w, SubnetMasquerade.Mask(network.PrefixLength, length));
                    NftExpressions.Compare(w, op, network.BaseAddress.GetAddressBytes());
                });
            }
            else if (word == "iifname")
            {
                var op = Operator(tokens, ref i);
                var name = i < tokens.Count ? tokens[i++].Trim('"') : string.Empty;
                if (name.Length is 0 or > 15)
                {
                    throw Unsupported(key, tokens, start, "expected an interface name");
                }

                result._matches.Add(w =>
                {
                    NftExpressions.Meta(w, NFT_META_IIFNAME);
                    NftExpressions.Compare(w, op, InterfaceName(name));
                });
            }
            else
            {
                throw Unsupported(key, tokens, start, "K8sNet understands ip/ip6 saddr/daddr [!=] ADDR[/LEN] and iifname [!=] NAME");
            }
        }

        return result;
    }

    /// <summary>The name as meta iifname loads it: NUL-padded to IFNAMSIZ.</summary>
    public static byte[] InterfaceName(string name)
    {
        var bytes = new byte[16];
        Encoding.ASCII.GetBytes(name, bytes);
        return bytes;
    }

    public void Emit(NetlinkWriter w)
    {
        foreach (var match in _matches)
        {
            match(w);
        }
    }

    private static uint Operator(List<string> tokens, ref int i)
    {
        if (i < tokens.Count && tokens[i] is "!=" or "==")
        {
            return tokens[i++] == "!=" ? NFT_CMP_NEQ : NFT_CMP_EQ;
        }

        return NFT_CMP_EQ;
    }

    private static CniException Unsupported(string key, List<string> tokens, int at, string why) =>
        CniException.InvalidConfig(key, $"unsupported nftables condition at \"{CniRequestReader.Printable(string.Join(' ', tokens.Skip(at)))}\": {why}");
}
