using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// scripts/bench.sh is how the performance goals of issue 7 are shown; this keeps it from rotting. A tiny run
/// (5 pods, levels 0/5) must finish, pass its own correctness checks, print the goal table and leave nothing behind.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class BenchSmokeTests
{
    [RootFact]
    public void A_quick_bench_run_passes_its_checks_prints_the_goal_table_and_removes_its_namespaces()
    {
        var script = Path.Combine(RepoRoot(), "scripts", "bench.sh");

        var run = Command.Run(
            "/bin/bash",
            [script, "--quick", "-n", "5", "--levels", "0,5", "--samples", "3", "--rss-samples", "1"],
            environment: new Dictionary<string, string?> { ["K8SNET_BINARY"] = PublishedBinary.Path },
            timeout: TimeSpan.FromSeconds(90));

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().Contain("== 1. 5 sequential pods").And.Contain("ADD p50").And.Contain("DEL p99");
        run.Stdout.Should().Contain("== 2. bursts: 5 ADDs released at once");
        run.Stdout.Should().Contain("== goals (issue 7): K8sNet / reference");
        if (File.Exists("/usr/lib/cni/bridge"))
        {
            run.Stdout.Should().MatchRegex(@"[0-6]/6 goals met");
        }

        run.Stdout.Should().NotContain("correctness check(s) FAILED");
        var prefix = Regex.Match(run.Stdout, @"this run: namespaces (kb[0-9a-f]+)-\*").Groups[1].Value;
        prefix.Should().NotBeEmpty();
        Directory.GetFiles("/run/netns", prefix + "-*").Should().BeEmpty();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "bench.sh")) && File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/bench.sh not found above " + AppContext.BaseDirectory);
    }
}
