using System.Text;
using K8sNet.Cni;
using K8sNet.Linux.Hashing;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Bridge.Kernel;

/// <summary>
/// macspoofchk: frames entering the bridge from a pod's host veth are dropped unless their source MAC is the pod's.
/// In K8sNet's own table `bridge k8snet` (the reference uses `bridge nat`): a base chain at prerouting priority -300
/// jumps, per host veth, to a per-attachment chain holding "ether saddr MAC return; drop". Written with `nft -f`
/// (one exec, only for configs that ask for it). Equivalent to the reference's spoofcheck.go rules.
/// </summary>
public sealed class MacSpoofCheck(ICommandRunner runner)
{
    public const string Table = "k8snet";

    public void Setup(string containerId, string ifName, string hostVeth, string containerMac)
    {
        var chain = ChainName(containerId, ifName);
        var script = new StringBuilder()
            .AppendLine($"add table bridge {Table}")
            .AppendLine($"add chain bridge {Table} prerouting {{ type filter hook prerouting priority -300; policy accept; }}")
            .AppendLine($"add chain bridge {Table} {chain}")
            .AppendLine($"flush chain bridge {Table} {chain}")
            .AppendLine($"add rule bridge {Table} {chain} ether saddr {containerMac} return")
            .AppendLine($"add rule bridge {Table} {chain} drop")
            .AppendLine($"add rule bridge {Table} prerouting iifname \"{hostVeth}\" jump {chain} comment \"{Comment(containerId, ifName)}\"")
            .ToString();
        Nft("set up macspoofchk", ["-f", "-"], script);
    }

    /// <summary>Removes the jump and the chain; both already gone is success.</summary>
    public void Teardown(string containerId, string ifName)
    {
        var listing = runner.Run("nft", ["-a", "list", "chain", "bridge", Table, "prerouting"]);
        if (!listing.Succeeded)
        {
            return; // No table or base chain: nothing of ours can exist.
        }

        var script = new StringBuilder();
        foreach (var handle in JumpHandles(listing.Stdout, Comment(containerId, ifName)))
        {
            script.AppendLine($"delete rule bridge {Table} prerouting handle {handle}");
        }

        var chain = ChainName(containerId, ifName);
        if (runner.Run("nft", ["list", "chain", "bridge", Table, chain]).Succeeded)
        {
            script.AppendLine($"delete chain bridge {Table} {chain}");
        }

        if (script.Length > 0)
        {
            Nft("remove macspoofchk", ["-f", "-"], script.ToString());
        }
    }

    public void Check(string containerId, string ifName, string containerMac)
    {
        var chain = runner.Run("nft", ["list", "chain", "bridge", Table, ChainName(containerId, ifName)]);
        if (!chain.Succeeded || !chain.Stdout.Contains($"ether saddr {containerMac} return", StringComparison.OrdinalIgnoreCase))
        {
            throw new CniException(CniErrorCode.CheckFailed, $"CHECK failed: macspoofchk chain for {containerId}/{ifName} is missing or does not allow {containerMac}");
        }
    }

    /// <summary>"mac-" and 16 hex of sha512(containerID/ifname): unique per attachment, short enough for any nft.</summary>
    public static string ChainName(string containerId, string ifName) =>
        "mac-" + Convert.ToHexStringLower(Sha2.Sha512(Encoding.UTF8.GetBytes($"{containerId}/{ifName}")))[..16];

    public static string Comment(string containerId, string ifName) => $"k8snet macspoofchk {containerId}/{ifName}";

    /// <summary>Handles of prerouting rules carrying our comment, from `nft -a list chain` ("... # handle 7").</summary>
    public static IEnumerable<string> JumpHandles(string listing, string comment)
    {
        foreach (var line in listing.Split('\n'))
        {
            var at = line.LastIndexOf("# handle ", StringComparison.Ordinal);
            if (at > 0 && line.Contains($"comment \"{comment}\"", StringComparison.Ordinal))
            {
                yield return line[(at + "# handle ".Length)..].Trim();
            }
        }
    }

    private void Nft(string what, string[] arguments, string script)
    {
        var output = runner.Run("nft", arguments, script);
        if (!output.Succeeded)
        {
            throw new CniException(CniErrorCode.FirewallFailure, $"{what}: nft exited {output.ExitCode}: {output.Stderr.Trim()}");
        }
    }
}
