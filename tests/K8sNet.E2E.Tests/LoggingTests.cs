using System.Globalization;
using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>The one log line per verb, written by many plugin processes at once into one file.</summary>
public sealed class LoggingTests : IDisposable
{
    private static readonly Regex OutcomeLine = new(
        @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ERROR k8snet\[\d+\] ADD id=logged netns=/run/netns/none ifname=eth0 " +
        @"result=error code=7 msg=.+ details=.+ duration=\d+\.\d{3}ms$");

    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-log-").FullName;

    [Fact]
    public void Concurrent_invocations_each_append_exactly_one_whole_line_and_nothing_to_stdout_but_the_error()
    {
        var log = Path.Combine(_dir, "k8snet.log");
        var env = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = "ADD",
            ["CNI_CONTAINERID"] = "logged",
            ["CNI_NETNS"] = "/run/netns/none",
            ["CNI_IFNAME"] = "eth0",
            ["K8SNET_LOG_FILE"] = log,
        };

        // An invalid network name is refused before anything touches the kernel or disk: safe to run anywhere.
        var runs = Enumerable.Range(0, 24).AsParallel().WithDegreeOfParallelism(12)
            .Select(i => PublishedBinary.Run(env, $$"""{"cniVersion":"1.0.0","name":"bad name {{i}}","type":"bridge"}""")).ToList();

        runs.Should().OnlyContain(r => r.ExitCode != 0 && r.Stdout.StartsWith("{\"cniVersion\""));
        var lines = File.ReadAllLines(log);
        lines.Should().HaveCount(24);
        lines.Should().OnlyContain(l => l.Contains(" ERROR k8snet[") && l.Contains("ADD id=logged") && l.Contains("code=7"));
        Enumerable.Range(0, 24).Should().OnlyContain(i => lines.Count(l => l.Contains($"bad name {i}\"")) == 1);
        lines.Should().OnlyContain(l => OutcomeLine.IsMatch(l), "every line has the documented shape");
        var written = DateTime.ParseExact(lines[0][..24], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        written.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(5), "the timestamp is the UTC time of the run");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
