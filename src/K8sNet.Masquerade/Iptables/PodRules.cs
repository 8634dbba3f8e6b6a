using System.Net;
using System.Text;

namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// The reference iptables backend's rules for one pod and one family (plugins pkg/ip/ipmasq_iptables_linux.go):
/// in chain CNI-…, <c>-d subnet -j ACCEPT</c> per subnet, then <c>! -d multicast -j MASQUERADE</c>; in POSTROUTING,
/// <c>-s ip/32 -j CNI-…</c> per address; every rule commented with network and container.
/// </summary>
public sealed class PodRules
{
    /// <summary>xt_comment's XT_MAX_COMMENT_LEN is 256 bytes including the terminating NUL.</summary>
    private const int MaxCommentBytes = 255;

    private PodRules(IptablesFamily family, string chain, IReadOnlyList<IptablesRule> chainRules, IReadOnlyList<IptablesRule> jumps)
    {
        Family = family;
        Chain = chain;
        ChainRules = chainRules;
        Jumps = jumps;
    }

    public IptablesFamily Family { get; }

    public string Chain { get; }

    /// <summary>Rules inside the pod's chain, in order.</summary>
    public IReadOnlyList<IptablesRule> ChainRules { get; }

    /// <summary>The POSTROUTING jumps, one per address of this family.</summary>
    public IReadOnlyList<IptablesRule> Jumps { get; }

    /// <summary>
    /// Rules for the target's addresses of <paramref name="family"/>. With several addresses the ACCEPTs all
    /// precede the one MASQUERADE: the reference appends ACCEPT(subnet 2) after MASQUERADE, where it is never
    /// reached; the rules are otherwise the same, so either plugin's teardown removes both shapes.
    /// </summary>
    public static PodRules For(MasqueradeTarget target, IptablesFamily family)
    {
        var chain = MasqueradeNaming.ChainName(target.NetworkName, target.ContainerId);
        var comment = "-m comment --comment " + QuoteComment(MasqueradeNaming.Comment(target.NetworkName, target.ContainerId));
        var addresses = family.AddressesOf(target.Addresses);
        var subnets = new List<string>();
        var sources = new List<string>();
        foreach (var a in addresses)
        {
            AddOnce(subnets, Subnet(a, family));
            AddOnce(sources, $"{Canonical(a.Address)}/{family.HostPrefix.ToString()}");
        }

        var chainRules = subnets.ConvertAll(subnet => new IptablesRule(chain, $"-d {subnet} {comment} -j ACCEPT"));
        if (chainRules.Count > 0)
        {
            chainRules.Add(new IptablesRule(chain, $"! -d {family.Multicast} {comment} -j MASQUERADE"));
        }

        var jumps = sources.ConvertAll(source => new IptablesRule("POSTROUTING", $"-s {source} {comment} -j {chain}"));
        return new PodRules(family, chain, chainRules, jumps);
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    /// <summary>
    /// The argument as iptables-restore tokenizes it (and iptables-save prints it): in double quotes, with
    /// backslash before <c>"</c> and <c>\</c>. A line break would end the rule, so control characters are refused.
    /// </summary>
    public static string QuoteComment(string comment)
    {
        if (comment.AsSpan().ContainsAnyInRange('\0', '\x1f') || comment.AsSpan().ContainsAnyInRange('\x7f', '\x9f'))
        {
            throw new MasqueradeException($"masquerade comment '{comment}' contains a control character; network name and container ID must be printable");
        }

        if (Encoding.UTF8.GetByteCount(comment) > MaxCommentBytes)
        {
            throw new MasqueradeException($"masquerade comment '{comment}' is longer than iptables' {MaxCommentBytes}-byte comment limit; shorten the network name or container ID");
        }

        return "\"" + comment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The network of the address (10.200.0.2/24 → 10.200.0.0/24), as iptables prints it.</summary>
    public static string Subnet(MasqueradeAddress address, IptablesFamily family)
    {
        if (address.PrefixLength < 0 || address.PrefixLength > family.HostPrefix)
        {
            throw new MasqueradeException($"prefix length {address.PrefixLength} of {address.Address} is outside 0..{family.HostPrefix}");
        }

        var bytes = address.Address.GetAddressBytes();
        for (var bit = address.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return $"{new IPAddress(bytes).ToString()}/{address.PrefixLength.ToString()}";
    }

    /// <summary>Drops a scope ID (fe80::1%eth0): iptables takes none.</summary>
    private static string Canonical(IPAddress address) => new IPAddress(address.GetAddressBytes()).ToString();
}
