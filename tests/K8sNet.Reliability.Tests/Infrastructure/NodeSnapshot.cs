using System.Text;
using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>
/// The observable state of a node namespace, its pods and its dataDir as text, so "left the node exactly as it was"
/// is one equality. Counters and the dated comments of iptables-save are dropped: they change with time, not with us.
/// </summary>
public sealed partial record NodeSnapshot(string Links, string Addresses, string Routes, string Nat, string Nft, string Pods, string DataDir)
{
    public static NodeSnapshot Take(TestNetNs node, string dataDir, IEnumerable<TestNetNs> pods) => new(
        Settled(node.Exec("ip -d link show")),
        Settled(node.Exec("ip addr show")),
        Settled(node.Exec("ip route show table all")),
        NatTable(node),
        node.Exec("nft list ruleset 2>/dev/null || true"),
        string.Join("\n", pods.Select(p => $"[{p.Name}]\n" + Settled(p.Exec("ip -d link show; ip addr show; ip route show table all")))),
        DirectoryText(dataDir));

    public static string NatTable(TestNetNs node) =>
        string.Join('\n', node.Exec("iptables-save -t nat 2>/dev/null || true")
            .Split('\n')
            .Where(line => !line.StartsWith('#'))
            .Select(line => Counters().Replace(line, "[-]")));

    /// <summary>
    /// Drops what the kernel changes on its own: bridge timers count down, IPv6 duplicate address detection finishes
    /// ("tentative" goes, the link-local's local route appears) some time after a link comes up.
    /// </summary>
    public static string Settled(string text) =>
        string.Join('\n', text.Split('\n')
            .Where(line => !line.StartsWith("local fe80:", StringComparison.Ordinal))
            .Select(line => Timers().Replace(line, "$1 -").Replace(" tentative", string.Empty)));

    /// <summary>The text without the lines of one link (its block in `ip link`/`ip addr`, its routes).</summary>
    public static string WithoutLink(string text, string link)
    {
        var kept = new List<string>();
        var inBlock = false;
        foreach (var line in text.Split('\n'))
        {
            if (LinkHeader().Match(line) is { Success: true } header)
            {
                inBlock = header.Groups[1].Value == link;
            }

            if (line.Length == 0 || !inBlock && !line.Contains($" dev {link} ", StringComparison.Ordinal) && !line.EndsWith($" dev {link}", StringComparison.Ordinal))
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept);
    }

    /// <summary>This snapshot without <paramref name="bridge"/> if <paramref name="before"/> did not have it.</summary>
    public NodeSnapshot WithoutBridgeNotIn(NodeSnapshot before, string bridge) =>
        before.Links.Contains($": {bridge}: ", StringComparison.Ordinal)
            ? this
            : this with { Links = WithoutLink(Links, bridge), Addresses = WithoutLink(Addresses, bridge), Routes = WithoutLink(Routes, bridge) };

    /// <summary>The dataDir without the store's bookkeeping (directories, lock, index meta, cursors): leases only.</summary>
    public NodeSnapshot LeasesOnly() => this with
    {
        DataDir = string.Join('\n', DataDir.Split('\n').Where(l => l.StartsWith("file ", StringComparison.Ordinal)
            && !l.Contains("/lock ", StringComparison.Ordinal) && !l.Contains("/last_reserved_ip.", StringComparison.Ordinal)
            && !l.Contains("/.k8snet/meta ", StringComparison.Ordinal))),
    };

    /// <summary>Every file and directory under the root with its bytes (text-escaped), in a stable order.</summary>
    public static string DirectoryText(string root)
    {
        var text = new StringBuilder();
        if (!Directory.Exists(root))
        {
            return "(absent)";
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, entry);
            if (Directory.Exists(entry))
            {
                text.Append("dir ").AppendLine(relative);
            }
            else
            {
                var bytes = File.ReadAllBytes(entry);
                text.Append("file ").Append(relative).Append(' ').Append(bytes.Length).Append(": ")
                    .AppendLine(Printable(bytes));
            }
        }

        return text.ToString();
    }

    private static string Printable(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));

    [GeneratedRegex(@"\b(\w+_timer)\s+[\d.]+")]
    private static partial Regex Timers();

    [GeneratedRegex(@"^\d+: ([^:@]+)[:@]")]
    private static partial Regex LinkHeader();

    [GeneratedRegex(@"\[\d+:\d+\]")]
    private static partial Regex Counters();
}
