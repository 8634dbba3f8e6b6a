using System.Net;
using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>What the tests read of a CRI node: the pods' namespaces, and the node's veths, leases, cache, NAT and log.</summary>
public sealed partial class CriNode
{
    /// <summary>Runs a shell command in the pod's network namespace (entered through its pause process).</summary>
    public CommandResult InPod(string sandboxId, string script) =>
        Command.Run("nsenter", ["--target", Cri.PausePid(sandboxId).ToString(), "--net", "--", "/bin/sh", "-c", script]);

    public IReadOnlyList<string> Veths() =>
        Node.Exec("ip -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>host-local lease files (named by IP) of the network, in the node's /var/lib/cni/networks.</summary>
    public IReadOnlyList<string> Leases()
    {
        var dir = Path.Combine(Dirs.CniState, "networks", Network);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => IPAddress.TryParse(n, out _)).Select(n => n!).ToList()
            : [];
    }

    /// <summary>Every file of the network's lease directory with its content (leases and host-local's bookkeeping).</summary>
    public string LeaseDirectory()
    {
        var dir = Path.Combine(Dirs.CniState, "networks", Network);
        return Directory.Exists(dir)
            ? string.Join('\n', Directory.GetFiles(dir).Order().Select(f => $"{Path.GetFileName(f)}: {File.ReadAllText(f)}"))
            : "";
    }

    /// <summary>
    /// The node's links (name, MAC) and their addresses. Not the operational state: the kernel updates it after the
    /// fact (a bridge whose last port left turns from UNKNOWN to DOWN a moment later), so it would compare by chance.
    /// </summary>
    public string Links() => Node.Exec("ip -br link | awk '{print $1, $3}'; ip -br addr | awk '{$2=\"\"; print}'");

    /// <summary>libcni's result cache (what containerd hands to DEL as prevResult), in the node's /var/lib/cni/results.</summary>
    public IReadOnlyList<string> CachedResults()
    {
        var dir = Path.Combine(Dirs.CniState, "results");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).ToList() : [];
    }

    /// <summary>
    /// libcni's cache entry of one network attachment (&lt;network&gt;-&lt;sandbox id&gt;-&lt;ifname&gt;): the CNI_ARGS and
    /// capability args containerd sent and the ADD result it will hand to DEL as prevResult. Null when absent.
    /// </summary>
    public JsonElement? CachedResult(string network, string sandboxId, string ifName)
    {
        var file = Path.Combine(Dirs.CniState, "results", $"{network}-{sandboxId}-{ifName}");
        if (!File.Exists(file))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.Clone();
    }

    /// <summary>
    /// The node's NAT state as the kernel holds it: the nf_tables ruleset and the iptables nat table, without what
    /// changes with traffic or time alone (counters, iptables-save's dated comment lines).
    /// </summary>
    public string NatState() =>
        Node.Exec("{ nft list ruleset; iptables-save -t nat 2>/dev/null; } | grep -v '^#' | sed -e 's/counter packets [0-9]* bytes [0-9]*/counter/' -e 's/\\[[0-9]*:[0-9]*\\]/[]/'");

    /// <summary>The plugin's log lines (its default /var/log/k8snet/k8snet.log, private to this node).</summary>
    public IReadOnlyList<string> PluginLog() => File.Exists(Dirs.PluginLog) ? File.ReadAllLines(Dirs.PluginLog) : [];
}
