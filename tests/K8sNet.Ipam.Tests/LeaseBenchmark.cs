using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Text;
using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>Runs only with K8SNET_BENCH=1: numbers to read, not a timed pass/fail.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (Environment.GetEnvironmentVariable("K8SNET_BENCH") != "1")
        {
            Skip = "benchmark: set K8SNET_BENCH=1";
        }
    }
}

/// <summary>Allocation and release latency (p50/p99) with 0, 1 000 and 60 000 leases in a /16 (issue 3 "Numbers").</summary>
[Trait("Category", "Benchmark")]
public sealed class LeaseBenchmark(ITestOutputHelper output)
{
    private const int Rounds = 300;

    [BenchmarkFact]
    public void Prints_allocation_and_release_latency_for_0_1000_and_60000_leases()
    {
        foreach (var existing in new[] { 0, 1_000, 60_000 })
        {
            using var data = new TempDataDir();
            var config = Net(Subnet("10.20.0.0/16", data.Path));
            var plugin = new HostLocalPlugin();
            Prefill(data, existing);
            var first = Stopwatch.StartNew();
            plugin.LeasedAddresses(Invocation(config, "warmup"));
            output.WriteLine($"{existing,6} leases: first call (index rebuild of reference-style files) {first.Elapsed.TotalMilliseconds:F1} ms");

            var add = new List<double>();
            var del = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                plugin.Add(Invocation(config, $"bench{i}"));
                add.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                plugin.Del(Invocation(config, $"bench{i}", command: CniCommand.Del));
                del.Add(clock.Elapsed.TotalMilliseconds);
            }

            output.WriteLine($"{existing,6} leases: ADD p50 {P(add, 50):F3} ms p99 {P(add, 99):F3} ms | DEL p50 {P(del, 50):F3} ms p99 {P(del, 99):F3} ms");
            data.LeaseNames().Should().HaveCount(existing);
        }
    }

    /// <summary>Lease files as the reference writes them, from 10.20.0.2 upwards.</summary>
    private static void Prefill(TempDataDir data, int count)
    {
        Directory.CreateDirectory(data.Network());
        for (var i = 0; i < count; i++)
        {
            var n = i + 2;
            File.WriteAllBytes(Path.Combine(data.Network(), $"10.20.{n >> 8}.{n & 0xff}"), Encoding.ASCII.GetBytes($"pre{i}\r\neth0"));
        }
    }

    private static double P(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }
}
