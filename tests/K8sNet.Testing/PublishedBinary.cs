namespace K8sNet.Testing;

/// <summary>
/// The AOT binary as scripts/test.sh publishes it (artifacts/bin/k8snet), found from the test's directory upward;
/// K8SNET_BINARY overrides. Integration tests run it as kubelet's runtime would: env + stdin, one process per verb.
/// </summary>
public static class PublishedBinary
{
    private static readonly Lazy<string?> Located = new(Locate);

    public static string Path => Located.Value
        ?? throw new InvalidOperationException("artifacts/bin/k8snet not found: run scripts/publish.sh (or set K8SNET_BINARY)");

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("K8SNET_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? System.IO.Path.GetFullPath(fromEnv) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "artifacts", "bin", "k8snet");
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "K8sNet.sln")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the binary with the given CNI_* variables and stdin, optionally inside a namespace (as `ip netns exec`),
    /// optionally under another name (argv[0]) such as host-local.
    /// </summary>
    public static CommandResult Run(
        IReadOnlyDictionary<string, string?> environment,
        string stdin,
        TestNetNs? inside = null,
        string? binary = null,
        TimeSpan? timeout = null)
    {
        var exe = binary ?? Path;
        var env = new Dictionary<string, string?>(environment);
        env.TryAdd("K8SNET_LOG_FILE", "stderr");
        return inside is null
            ? Command.Run(exe, [], stdin, env, timeout)
            : Command.Run("ip", ["netns", "exec", inside.Name, exe], stdin, env, timeout);
    }
}
