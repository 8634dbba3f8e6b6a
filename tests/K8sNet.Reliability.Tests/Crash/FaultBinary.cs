using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Crash;

/// <summary>
/// The fault-injection build (crash points compiled in), published to artifacts/fault/ with its own artifacts path so
/// the release binary is never overwritten. Built on first use when missing.
/// </summary>
internal static class FaultBinary
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    private static string Build()
    {
        var root = Scripts.Root;
        var binary = System.IO.Path.Combine(root, "artifacts", "fault", "k8snet");
        // Rebuilt when older than any source (as scripts/crash.sh does): a stale build would test old code.
        var stale = File.Exists(binary) && Directory.EnumerateFiles(System.IO.Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Any(f => !f.Contains("/obj/", StringComparison.Ordinal) && File.GetLastWriteTimeUtc(f) > File.GetLastWriteTimeUtc(binary));
        if (!File.Exists(binary) || stale)
        {
            Command.Run(
                "dotnet",
                ["publish", System.IO.Path.Combine(root, "src/K8sNet/K8sNet.csproj"), "-c", "Release", "-p:K8sNetFaultInjection=true",
                 "--artifacts-path", System.IO.Path.Combine(root, "artifacts/fault-build"), "-o", System.IO.Path.Combine(root, "artifacts/fault"), "--nologo", "-v", "quiet"],
                timeout: TimeSpan.FromMinutes(10)).EnsureSuccess("publishing the fault-injection build");
        }

        return binary;
    }
}

/// <summary>Tests that use (and may build) the fault-injection binary run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FaultBuildCollection
{
    public const string Name = "fault-injection build";
}
