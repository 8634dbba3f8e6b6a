using System.Collections.Concurrent;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>The same binary linked as `host-local` is a standalone IPAM plugin: processes, not threads.</summary>
public sealed class HostLocalBinaryTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("k8snet-hl-").FullName;

    private string HostLocal => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, "host-local");

    [Fact]
    public void Two_hundred_concurrent_adds_get_two_hundred_addresses_and_del_of_half_removes_exactly_those()
    {
        var config = Config("10.240.0.0/16");
        var results = new ConcurrentDictionary<int, string>();

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
        {
            var add = Run("ADD", $"hl-{i}", config);
            add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
            Json.Parse(add.Stdout).TryGetProperty("interfaces", out _).Should().BeFalse("an IPAM result has no interfaces");
            results[i] = Json.Parse(add.Stdout).GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];
        });

        results.Values.Distinct().Should().HaveCount(200);
        LeaseFiles().Should().BeEquivalentTo(results.Values);

        Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
            Run("DEL", $"hl-{i}", config).ExitCode.Should().Be(0));

        LeaseFiles().Should().BeEquivalentTo(Enumerable.Range(100, 100).Select(i => results[i]));
    }

    [Fact]
    public void Leases_of_the_reference_host_local_are_released_by_k8snet_and_the_other_way_round()
    {
        if (!File.Exists("/usr/lib/cni/host-local"))
        {
            return; // scripts/deps.sh installs the reference plugins.
        }

        var config = Config("10.241.0.0/24");
        Run("ADD", "by-reference", config, "/usr/lib/cni/host-local").ExitCode.Should().Be(0);
        Run("ADD", "by-k8snet", config).ExitCode.Should().Be(0);
        LeaseFiles().Should().HaveCount(2);

        Run("DEL", "by-reference", config).ExitCode.Should().Be(0, "K8sNet releases the reference's lease");
        Run("DEL", "by-k8snet", config, "/usr/lib/cni/host-local").ExitCode.Should().Be(0, "the reference releases K8sNet's lease");

        LeaseFiles().Should().BeEmpty();
    }

    private string Config(string subnet) =>
        $$$"""{"cniVersion":"1.0.0","name":"hl","type":"macvlan","ipam":{"type":"host-local","dataDir":"{{{_dataDir}}}","ranges":[[{"subnet":"{{{subnet}}}"}]]}}""";

    private CommandResult Run(string verb, string id, string config, string? binary = null) =>
        PublishedBinary.Run(ThrowawayNode.Env(verb, id, "/run/netns/ipam-only"), config, binary: binary ?? HostLocal);

    private IEnumerable<string> LeaseFiles() =>
        Directory.GetFiles(Path.Combine(_dataDir, "hl")).Select(f => Path.GetFileName(f)).Where(n => System.Net.IPAddress.TryParse(n, out _));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
