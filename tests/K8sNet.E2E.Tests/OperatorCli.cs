using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>Runs `k8snet &lt;operator command&gt;` as a person would: no CNI_COMMAND, optionally inside the node netns.</summary>
internal static class OperatorCli
{
    public static CommandResult Run(TestNetNs? node, params string[] args)
    {
        var env = new Dictionary<string, string?> { ["CNI_COMMAND"] = null };
        return node is null
            ? Command.Run(PublishedBinary.Path, args, environment: env)
            : Command.Run("ip", ["netns", "exec", node.Name, PublishedBinary.Path, .. args], environment: env);
    }

    /// <summary>The node's config written to a file, as `--config` takes it.</summary>
    public static string ConfigFile(CniNode node, string config)
    {
        var path = Path.Combine(node.DataDir, "node.conf");
        File.WriteAllText(path, config);
        return path;
    }

    /// <summary>The seed config with the reference-compatible per-pod iptables chains (the nftables default has none).</summary>
    public static string IptablesConfig(CniNode node) =>
        node.Config("0.3.1", ipMasq: true, ranges: """[[{"subnet":"10.200.0.0/24"}]]""", extra: ",\"ipMasqBackend\":\"iptables\"");

    /// <summary>A deleted netns takes its veth with it, but in the kernel's cleanup work, shortly after `ip netns del`.</summary>
    public static void WaitForVeths(CniNode node, int count)
    {
        for (var i = 0; i < 100 && node.Veths().Count > count; i++)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>The repository's conf/ directory, found from the test's directory upward.</summary>
    public static string RepoConfDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")))
            {
                return Path.Combine(dir.FullName, "conf");
            }
        }

        throw new InvalidOperationException("repository root (K8sNet.sln) not found");
    }
}
