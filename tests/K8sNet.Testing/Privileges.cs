namespace K8sNet.Testing;

/// <summary>Whether this process may create network namespaces (root, /run/netns writable, `ip` present).</summary>
public static class Privileges
{
    private static readonly Lazy<string?> Problem = new(FindProblem);

    public static bool CanUseNetNs => Problem.Value is null;

    public static string WhyNot => Problem.Value ?? string.Empty;

    private static string? FindProblem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux network namespaces";
        }

        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
        {
            var uid = File.Exists("/proc/self/status")
                ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))
                : null;
            if (uid is null || uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) != "0")
            {
                return "needs root to create network namespaces";
            }
        }

        return Command.Which("ip") is null ? "needs iproute2 (`ip`)" : null;
    }
}
