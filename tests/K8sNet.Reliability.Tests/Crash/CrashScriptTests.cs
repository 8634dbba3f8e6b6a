using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Crash;

/// <summary>The crash-injection, soak and scale scripts in their short modes: they must find no leak.</summary>
[Trait("Category", "RequiresRoot")]
[Collection(FaultBuildCollection.Name)]
public sealed class CrashScriptTests(ITestOutputHelper output)
{
    [RootFact]
    public void Quick_crash_injection_finds_no_leak()
    {
        // The first run (or one after a source change) also publishes the fault-injection build: minutes, not seconds.
        var run = Scripts.Run("crash.sh", TimeSpan.FromMinutes(10), "--quick");

        output.WriteLine(run.Stdout + run.Stderr);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        var summary = Regex.Match(run.Stdout, @"crash: kills (\d+), leaks (\d+)");
        summary.Success.Should().BeTrue(run.Stdout);
        int.Parse(summary.Groups[1].Value).Should().BeGreaterThanOrEqualTo(30, "15 timed kills plus every ADD/DEL/store step");
        summary.Groups[2].Value.Should().Be("0");
    }

    /// <summary>The short form of scripts/scale.sh (the figure in docs/reliability.md is its default, 10 000 ADDs).</summary>
    [RootFact]
    public void Five_hundred_adds_from_64_processes_get_distinct_addresses_and_every_del_leaves_nothing()
    {
        var run = Scripts.Run("scale.sh", TimeSpan.FromMinutes(3), "--adds", "500", "--procs", "64", "--reference-dels", "50");

        output.WriteLine(run.Stdout + run.Stderr);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().MatchRegex(@"scale: adds 500 from 64 processes .* distinct 500, duplicates 0, errors 0; reference DELs 50 .*\(0 failed\); dels 500 .*\(0 failed\); left 0 leases, 0 index entries");
    }

    [RootFact]
    [Trait("Category", "Soak")]
    public void Quick_soak_finds_no_leak_and_no_unexpected_error()
    {
        var run = Scripts.Run("soak.sh", TimeSpan.FromMinutes(2), "--quick");

        output.WriteLine(run.Stdout + run.Stderr);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().MatchRegex(@"soak: ops \d+ .*errors 0, leaks 0");
    }

    [RootFact]
    public void Soak_smoke_of_a_few_seconds_finds_no_leak()
    {
        var run = Scripts.Run("soak.sh", TimeSpan.FromMinutes(1), "--duration", "6", "--workers", "4");

        output.WriteLine(run.Stdout + run.Stderr);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().MatchRegex(@"soak: ops \d+ .*errors 0, leaks 0");
    }
}
