using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// scripts/cluster.sh under a unique name prefix (its namespaces are &lt;prefix&gt;-vpc, -w0..2, -w0-p0..), so it can run
/// next to other tests; the published binary is passed as K8SNET_BINARY. Dispose runs `down`.
/// </summary>
public sealed class ClusterScript : IDisposable
{
    private static int _counter;

    private ClusterScript(string prefix, string script)
    {
        Prefix = prefix;
        Script = script;
        StateDir = $"/run/k8snet-cluster/{prefix}";
    }

    public string Prefix { get; }

    public string Script { get; }

    public string StateDir { get; }

    public static ClusterScript Create() =>
        new($"k8c-{Environment.ProcessId % 100000}-{Interlocked.Increment(ref _counter)}", Path.Combine(RepoRoot(), "scripts", "cluster.sh"));

    /// <summary>Runs `cluster.sh VERB`; NAT assertions are required (a binary without ipMasq fails instead of skipping).</summary>
    /// <param name="ipMasqBackend">Adds ipMasqBackend to the seed's config; empty keeps the config verbatim.</param>
    public CommandResult Run(string verb, string? binary = null, string ipMasqBackend = "") =>
        Command.Run(
            "/bin/bash",
            [Script, verb],
            stdin: null,
            new Dictionary<string, string?>
            {
                ["K8SNET_CLUSTER_PREFIX"] = Prefix,
                ["K8SNET_CLUSTER_STATE"] = StateDir,
                ["K8SNET_BINARY"] = binary ?? PublishedBinary.Path,
                ["K8SNET_CLUSTER_IPMASQ_BACKEND"] = ipMasqBackend,
                ["K8SNET_CLUSTER_REQUIRE_NAT"] = "1",
                ["PATH"] = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin",
            },
            TimeSpan.FromSeconds(120));

    /// <summary>This cluster's namespaces that exist right now.</summary>
    public IReadOnlyList<string> Namespaces() =>
        Command.Sh("ip netns list | awk '{print $1}'")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal))
            .ToList();

    public void Dispose() => Run("down");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")) && File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no K8sNet.sln with scripts/cluster.sh above {AppContext.BaseDirectory}");
    }
}
