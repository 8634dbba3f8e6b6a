using System.Net;
using System.Text;
using K8sNet.Portmap.Config;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The comments (NFTA_RULE_USERDATA) of the hostport rules: space-separated words, so a rule says whose it is and
/// what it maps in <c>nft list ruleset</c>, and inspect, conflict detection and DEL's conntrack flush read them back.
/// <code>
/// k8snet-hostport KEY dnat PROTO HOSTIP|* HOSTPORT PODIP PORT net=N id=C if=I
/// k8snet-hostport KEY masq PODIP net=N id=C if=I
/// k8snet-hostport KEY localhost BRIDGE PODIP net=N id=C if=I
/// k8snet-hostport entry
/// k8snet-hostport lookup
/// k8snet-hostport localnet BRIDGE
/// k8snet-hostport guard BRIDGE
/// </code>
/// </summary>
public static class HostportComment
{
    /// <summary>nf_tables keeps at most 256 bytes of userdata; the TLV takes 2 and the NUL 1.</summary>
    private const int MaxBytes = 250;

    public const string Entry = Attachment.CommentTag + " entry";

    /// <summary>The verdict-map lookups of the hostports and postrouting chains.</summary>
    public const string Lookup = Attachment.CommentTag + " lookup";

    /// <summary>The postrouting rule that masquerades the pods of a bridge's localhost set.</summary>
    public static string Localnet(string bridge) => $"{Attachment.CommentTag} localnet {bridge}";

    // string.Join, not an interpolated string: DefaultInterpolatedStringHandler returns its buffer to the shared
    // ArrayPool, and that Return brings in ProcessorIdCache, whose class constructor times the CPU-number lookup in a
    // loop: about 0.2 ms of a 0.8 ms portmap ADD (perf, 2026-12-06).
    public static string Dnat(Attachment a, PortMapping m, IPAddress pod) => Bound(string.Join(' ',
        a.CommentPrefix + "dnat", m.Protocol, m.HostIpText, Number(m.HostPort), pod.ToString(), Number(m.ContainerPort), a.Owner));

    public static string Masq(Attachment a, IPAddress pod) => Bound(string.Join(' ', a.CommentPrefix + "masq", pod.ToString(), a.Owner));

    public static string Localhost(Attachment a, string bridge, IPAddress pod) =>
        Bound(string.Join(' ', a.CommentPrefix + "localhost", bridge, pod.ToString(), a.Owner));

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Guard(string bridge) => $"{Attachment.CommentTag} guard {bridge}";

    /// <summary>Long names are cut (the key, not the text, identifies the owner).</summary>
    private static string Bound(string comment)
    {
        if (Encoding.UTF8.GetByteCount(comment) <= MaxBytes)
        {
            return comment;
        }

        var bytes = Encoding.UTF8.GetBytes(comment);
        return Encoding.UTF8.GetString(bytes, 0, MaxBytes).TrimEnd('\uFFFD');
    }
}

/// <summary>One hostport rule as read back from the kernel: where it is, its handle, and its comment's words.</summary>
public sealed class HostportRule(byte family, string chain, ulong handle, string comment)
{
    private readonly string[] _words = comment.Split(' ');

    public byte Family => family;

    public string Chain => chain;

    public ulong Handle => handle;

    public string Comment => comment;

    /// <summary>The attachment key, or "" for shared rules (entry jumps, guards) and foreign rules.</summary>
    public string Key => _words.Length > 2 && _words[0] == Attachment.CommentTag && _words[1].Length == 16 ? _words[1] : string.Empty;

    public string Kind => Key.Length > 0 ? _words[2] : _words.Length > 1 && _words[0] == Attachment.CommentTag ? _words[1] : string.Empty;

    public bool IsEntry => comment == HostportComment.Entry;

    public bool IsLookup => comment == HostportComment.Lookup;

    /// <summary>For masq and localhost rules: the pod address (the key of its masquerade map element).</summary>
    public string MasqPod => Kind switch
    {
        "masq" => Word(3),
        "localhost" => Word(4),
        _ => string.Empty,
    };

    /// <summary>For guard rules: the bridge; for localhost rules: the bridge.</summary>
    public string Bridge => Kind is "guard" or "localnet" && _words.Length > 2 ? _words[2] : Kind == "localhost" && _words.Length > 3 ? _words[3] : string.Empty;

    public string Protocol => Kind == "dnat" ? Word(3) : string.Empty;

    public string HostIp => Kind == "dnat" ? Word(4) : string.Empty;

    public int HostPort => Kind == "dnat" && int.TryParse(Word(5), out var port) ? port : 0;

    public string PodIp => Kind == "dnat" ? Word(6) : string.Empty;

    public int ContainerPort => Kind == "dnat" && int.TryParse(Word(7), out var port) ? port : 0;

    /// <summary>The network named in the comment ("" when absent or cut short before it).</summary>
    public string Network => Array.Find(_words, w => w.StartsWith("net=", StringComparison.Ordinal))?[4..] ?? string.Empty;

    /// <summary>The container ID named in the comment ("" when cut short before it).</summary>
    public string ContainerId => Array.Find(_words, w => w.StartsWith("id=", StringComparison.Ordinal))?[3..] ?? string.Empty;

    /// <summary>The interface name named in the comment.</summary>
    public string IfName => Array.Find(_words, w => w.StartsWith("if=", StringComparison.Ordinal))?[3..] ?? string.Empty;

    /// <summary>"tcp *:8080 -> 10.244.0.2:80" (IPv6 pod addresses in brackets).</summary>
    public string Mapping => $"{Protocol} {HostIp}:{HostPort} -> {(PodIp.Contains(':') ? $"[{PodIp}]" : PodIp)}:{ContainerPort}";

    /// <summary>"net=… id=… if=…" as written (possibly cut short).</summary>
    public string Owner
    {
        get
        {
            var start = Array.FindIndex(_words, w => w.StartsWith("net=", StringComparison.Ordinal));
            return start < 0 ? string.Empty : string.Join(' ', _words[start..]);
        }
    }

    private string Word(int i) => i < _words.Length ? _words[i] : string.Empty;
}
