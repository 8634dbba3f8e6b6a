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

    [RootFact]
    public void A_tiny_scale_run_fills_and_drains_its_nodes_and_removes_every_pod_netns()
    {
        // scripts/bench.sh --scale (issue 15) in seconds: levels 0/3, two samples, no settling pause.
        var run = Command.Run(
            "/bin/bash",
            [Path.Combine(RepoRoot(), "scripts", "bench.sh"), "--scale", "--scale-levels", "0,3", "--samples", "2", "--scale-settle", "0", "--no-reference"],
            environment: new Dictionary<string, string?> { ["K8SNET_BINARY"] = PublishedBinary.Path },
            timeout: TimeSpan.FromSeconds(60));

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().Contain("== 6. scale").And.Contain("ADD p50 at 3").And.Contain("ADD at 3 / at 0").And.Contain("ADD CPU p50 at 0");
        run.Stdout.Should().MatchRegex(@"ok   step 2: 3 pods per node \(K8sNet 3 veths, floor 3 veths\)");
        run.Stdout.Should().Contain("ok   step 3: 0 pods per node").And.NotContain("correctness check(s) FAILED");
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
