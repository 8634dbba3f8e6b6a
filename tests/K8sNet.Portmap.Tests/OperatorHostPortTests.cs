using K8sNet.Testing;

namespace K8sNet.Portmap.Tests;

/// <summary>`k8snet inspect` shows each pod's hostPorts; `k8snet gc` collects the hostPorts a dead pod left.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class OperatorHostPortTests : IDisposable
{
    private readonly HostportNode _node = new();

    public void Dispose() => _node.DisposeAll();

    [RootFact]
    public void Inspect_shows_host_ports_and_gc_removes_those_of_a_pod_that_died_without_del()
    {
        var (_, liveConfig, live) = _node.AddPod("live", [HostportNode.Map(8100, 80)]);
        var (_, _, dead) = _node.AddPod("dead", [HostportNode.Map(8101, 81, "udp")]);
        var configFile = Path.Combine(_node.DataDir, "node.conf");
        File.WriteAllText(configFile, _node.BridgeConfig());

        var inspect = Operator("inspect", "--config", configFile);
        inspect.Stdout.Should().MatchRegex(@"hostPort\s+tcp \*:8100 -> 10\.244\.0\.\d+:80").And.MatchRegex(@"hostPort\s+udp \*:8101 -> 10\.244\.0\.\d+:81");

        dead.Dispose(); // the pod's netns goes without DEL: its lease, and its hostPort, stay behind
        var gc = Operator("gc", "--config", configFile);

        gc.ExitCode.Should().Be(0, gc.Stdout + gc.Stderr);
        gc.Stdout.Should().Contain("hostPort rule(s) of dead/eth0");
        _node.Ruleset().Should().NotContain("id=dead").And.Contain("id=live");
        _node.Run("portmap", "DEL", "live", live.Path, liveConfig).ExitCode.Should().Be(0);
    }

    private CommandResult Operator(params string[] args) =>
        Command.Run("ip", ["netns", "exec", _node.Node.Name, PublishedBinary.Path, .. args], environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null });
}
