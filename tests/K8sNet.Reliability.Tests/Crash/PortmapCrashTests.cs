using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Crash;

/// <summary>
/// K8sNet as portmap killed (SIGKILL, fault-injection build) at each of its steps, then what a runtime does next: DEL,
/// or GC with the attachment no longer valid. Nothing may be left: no hostport rule, no table, route_localnet back to
/// 0 (never on without its guard).
/// </summary>
[Collection(FaultBuildCollection.Name)]
[Trait("Category", "RequiresRoot")]
public sealed class PortmapCrashTests : IDisposable
{
    private readonly TestNetNs _node = TestNetNs.Create("pmc");
    private readonly TestNetNs _pod = TestNetNs.Create("pmcp");
    private readonly string _data = Directory.CreateTempSubdirectory("k8snet-portmap-crash-").FullName;
    private readonly string _links = Directory.CreateTempSubdirectory("k8snet-portmap-fault-").FullName;

    public void Dispose()
    {
        _pod.Dispose();
        _node.Dispose();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_links, recursive: true);
    }

    [RootTheory]
    [InlineData("portmap:add:read", "DEL")]
    [InlineData("portmap:add:rules", "DEL")]
    [InlineData("portmap:add:localnet", "DEL")]
    [InlineData("portmap:add:rules", "GC")]
    [InlineData("portmap:add:localnet", "GC")]
    public void A_kill_at_any_step_of_add_leaves_nothing_after_del_or_gc(string point, string then)
    {
        var config = Portmap(Bridge("crash"));

        var killed = Run(Fault(), "ADD", "crash", config, point);
        killed.ExitCode.Should().Be(137, $"the fault build dies at {point}: {killed.Stdout}{killed.Stderr}");

        var next = then == "DEL"
            ? Run(Released(), "DEL", "crash", config)
            : Run(Released(), "GC", string.Empty, """{"cniVersion":"1.1.0","name":"crashnet","type":"portmap","cni.dev/valid-attachments":[]}""");
        next.ExitCode.Should().Be(0, next.Stdout + next.Stderr);
        _node.Exec("nft list ruleset").Should().NotContain("k8snet-hostport");
        _node.Exec("sysctl -n net.ipv4.conf.crashbr0.route_localnet").Trim().Should().Be("0");
    }

    [RootFact]
    public void A_del_killed_after_its_transaction_is_finished_by_the_retried_del()
    {
        var config = Portmap(Bridge("crashdel"));
        Run(Released(), "ADD", "crashdel", config).ExitCode.Should().Be(0);
        _node.Exec("sysctl -n net.ipv4.conf.crashbr0.route_localnet").Trim().Should().Be("1");

        Run(Fault(), "DEL", "crashdel", config, "portmap:del:rules").ExitCode.Should().Be(137);
        _node.Exec("sysctl -n net.ipv4.conf.crashbr0.route_localnet").Trim().Should().Be("0", "reset before the guard went, never left on unguarded");
        Run(Released(), "DEL", "crashdel", config).ExitCode.Should().Be(0);

        _node.Exec("nft list ruleset").Should().NotContain("k8snet-hostport");
    }

    private string Bridge(string id)
    {
        var bridge = "{\"cniVersion\":\"1.1.0\",\"name\":\"crashnet\",\"type\":\"bridge\",\"bridge\":\"crashbr0\",\"isGateway\":true,\"ipMasq\":false,"
            + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + _data + "\",\"ranges\":[[{\"subnet\":\"10.233.0.0/24\"}]]}}";
        var added = PublishedBinary.Run(ThrowawayNodeEnv("ADD", id), bridge, _node);
        added.ExitCode.Should().Be(0, added.Stdout + added.Stderr);
        return added.Stdout;
    }

    private static string Portmap(string prevResult) => new JsonObject
    {
        ["cniVersion"] = "1.1.0",
        ["name"] = "crashnet",
        ["type"] = "portmap",
        ["runtimeConfig"] = new JsonObject
        {
            ["portMappings"] = new JsonArray(
                new JsonObject { ["hostPort"] = 8120, ["containerPort"] = 80, ["protocol"] = "tcp" },
                new JsonObject { ["hostPort"] = 8121, ["containerPort"] = 53, ["protocol"] = "udp" }),
        },
        ["prevResult"] = JsonNode.Parse(prevResult),
    }.ToJsonString();

    private CommandResult Run(string binary, string verb, string id, string config, string? crashAt = null)
    {
        var env = ThrowawayNodeEnv(verb, id);
        env["K8SNET_CRASH_AT"] = crashAt;
        return PublishedBinary.Run(env, config, _node, binary);
    }

    private Dictionary<string, string?> ThrowawayNodeEnv(string verb, string id) => verb == "GC"
        ? new() { ["CNI_COMMAND"] = "GC", ["CNI_PATH"] = "/usr/lib/cni" }
        : ThrowawayNode.Env(verb, id, _pod.Path);

    /// <summary>The fault build under the name portmap (argv[0] picks the plugin).</summary>
    private string Fault()
    {
        var link = Path.Combine(_links, "portmap");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, FaultBinary.Path);
        }

        return link;
    }

    private static string Released() => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, "portmap");
}
