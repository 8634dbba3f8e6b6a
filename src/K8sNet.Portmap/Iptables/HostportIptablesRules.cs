using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sNet.Portmap.Config;

namespace K8sNet.Portmap.Iptables;

/// <summary>
/// The reference portmap's iptables layout (plugins/meta/portmap portmap_iptables.go), rule for rule, so a pod
/// wired by either plugin is checked and deleted by either:
/// <code>
/// PREROUTING, OUTPUT: -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT            (appended: after KUBE-SERVICES)
/// POSTROUTING (position 1): -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
/// CNI-HOSTPORT-SETMARK: -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
/// CNI-HOSTPORT-MASQ: -m mark --mark 0x2000/0x2000 -j MASQUERADE
/// CNI-HOSTPORT-DNAT: -m comment --comment "dnat name: \"NET\" id: \"ID\"" -m multiport -p tcp --destination-ports 8080,8081 [conditions] -j CNI-DN-HASH
/// CNI-DN-HASH: per mapping: hairpin -j SETMARK, localhost (v4) -j SETMARK, then -j DNAT --to-destination POD:PORT
/// </code>
/// </summary>
public static class HostportIptablesRules
{
    public const string TopLevelDnat = "CNI-HOSTPORT-DNAT";
    public const string SetMark = "CNI-HOSTPORT-SETMARK";
    public const string MarkMasq = "CNI-HOSTPORT-MASQ";
    public const string OldTopLevelSnat = "CNI-HOSTPORT-SNAT";
    public const string EntryMatch = "-m addrtype --dst-type LOCAL -j " + TopLevelDnat;
    public const string MasqJump = "-m comment --comment \"CNI portfwd requiring masquerade\" -j " + MarkMasq;

    /// <summary>utils.MustFormatChainNameWithPrefix: "CNI-" + prefix + hex(sha512(net + id)), 28 characters.</summary>
    public static string ChainName(string network, string containerId, string prefix)
    {
        var hex = Convert.ToHexStringLower(K8sNet.Linux.Hashing.Sha2.Sha512(Encoding.UTF8.GetBytes(network + containerId)));
        return "CNI-" + prefix + hex[..(28 - 4 - prefix.Length)];
    }

    public static string DnatChain(string network, string containerId) => ChainName(network, containerId, "DN-");

    public static string OldSnatChain(string network, string containerId) => ChainName(network, containerId, "SN-");

    public static string Mark(int bit) => $"0x{1u << bit:x}/0x{1u << bit:x}";

    public static string SetMarkRule(int bit) => $"-m comment --comment \"CNI portfwd masquerade mark\" -j MARK --set-xmark {Mark(bit)}";

    public static string MarkMasqRule(int bit) => $"-m mark --mark {Mark(bit)} -j MASQUERADE";

    /// <summary>The entry rules: one per protocol (sorted) per group of at most 15 ports (multiport's limit).</summary>
    public static List<string> EntryRules(string network, string containerId, IReadOnlyList<PortMapping> mappings, IReadOnlyList<string> conditions)
    {
        var comment = Quote(Trim($"dnat name: \"{network}\" id: \"{containerId}\""));
        var chain = DnatChain(network, containerId);
        var rules = new List<string>();
        foreach (var protocol in mappings.Select(m => m.Protocol).Distinct().Order(StringComparer.Ordinal))
        {
            var ports = mappings.Where(m => m.Protocol == protocol).Select(m => m.HostPort.ToString()).ToList();
            for (var i = 0; i < ports.Count; i += 15)
            {
                var line = $"-m comment --comment {comment} -m multiport -p {protocol} --destination-ports {string.Join(',', ports.Skip(i).Take(15))}";
                if (conditions.Count > 0)
                {
                    line += " " + string.Join(' ', conditions);
                }

                rules.Add(line + " -j " + chain);
            }
        }

        return rules;
    }

    /// <summary>The per-container chain's rules for one family, in the reference's order (mark rules first).</summary>
    public static List<string> ChainRules(PortmapConf conf, IPAddress pod, int prefix, IReadOnlyList<PortMapping> mappings)
    {
        var v6 = pod.AddressFamily == AddressFamily.InterNetworkV6;
        var setMark = conf.ExternalSetMarkChain ?? SetMark;
        var rules = new List<string>();
        foreach (var m in mappings)
        {
            var baseRule = $"-p {m.Protocol} --dport {m.HostPort}" + (m.HostIp is { } hostIp ? $" -d {hostIp}" : string.Empty);
            if (conf.Snat)
            {
                var source = conf.MasqAll ? (v6 ? "::/0" : "0.0.0.0/0") : $"{pod}/{prefix}";
                rules.Add($"{baseRule} -s {source} -j {setMark}");
                if (!v6 && !conf.MasqAll)
                {
                    rules.Add($"{baseRule} -s 127.0.0.1 -j {setMark}");
                }
            }

            var destination = v6 ? $"[{pod}]:{m.ContainerPort}" : $"{pod}:{m.ContainerPort}";
            rules.Add($"{baseRule} -j DNAT --to-destination {destination}");
        }

        return rules;
    }

    /// <summary>Go's %q-free quoting as iptables-save prints it: double quotes, inner quotes and backslashes escaped.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The reference's trimComment: at most 255 characters.</summary>
    private static string Trim(string comment) => comment.Length > 255 ? comment[..255] : comment;
}
