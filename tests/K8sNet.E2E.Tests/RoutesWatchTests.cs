using System.Runtime.CompilerServices;
using System.Diagnostics;
using K8sNet.Testing;
using static K8sNet.E2E.Tests.KubeApiReplay;

namespace K8sNet.E2E.Tests;

/// <summary>
/// `k8snet routes watch` through the published binary inside a throwaway node netns, against <see cref="KubeApiReplay"/>
/// on the namespace's own loopback: list then watch, every event kind, 410 → re-list, a dropped and a broken watch
/// retried, bad node versions ignored, SIGTERM. Each run is bounded by --max-events or a signal, and a deadline.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class RoutesWatchTests : IDisposable
{
    private readonly TestNetNs _node = TestNetNs.Create("rw");
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-watch-").FullName;
    private readonly KubeApiReplay _api;

    public RoutesWatchTests()
    {
        try
        {
            _node.Exec("ip link add eth0 type veth peer name eth0peer && ip addr add 10.240.0.20/24 dev eth0 && ip link set eth0peer up && ip link set eth0 up");
            _api = new KubeApiReplay(_node.Path);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static string Node(string name, string ip, string cidr, string version = "1") =>
        $$$"""{"kind":"Node","apiVersion":"v1","metadata":{"name":"{{{name}}}","resourceVersion":"{{{version}}}"},"spec":{"podCIDR":"{{{cidr}}}","podCIDRs":["{{{cidr}}}"]},"status":{"addresses":[{"type":"InternalIP","address":"{{{ip}}}"},{"type":"Hostname","address":"{{{name}}}"}],"conditions":[{"type":"Ready","status":"True"}]}}""";

    private static string W(int i, string version = "1", string? ip = null, string? cidr = null) =>
        Node($"w{i}", ip ?? $"10.240.0.2{i}", cidr ?? $"10.200.{i}.0/24", version);

    private static string NodeList(string version, params string[] nodes) =>
        $$"""{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"{{version}}"},"items":[{{string.Join(",", nodes)}}]}""";

    private CommandResult Watch(int maxEvents, params string[] extra) =>
        Command.Run("ip", ["netns", "exec", _node.Name, PublishedBinary.Path, "routes", "watch", "--server", _api.Url, "--state-file", Path.Combine(_dir, "routes.json"),
            "--max-events", maxEvents.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra],
            environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null }, timeout: TimeSpan.FromSeconds(30));

    private string OurRoutes() => _node.Exec("ip -4 route show proto 58");

    [RootFact]
    public void Watch_lists_then_follows_ADDED_MODIFIED_DELETED_and_BOOKMARK()
    {
        _api.List(NodeList("100", W(0), W(1), W(2)));
        _api.Watch(End.Hold, Event("ADDED", W(3, "101")), Event("MODIFIED", W(1, "102", ip: "10.240.0.31")), Event("DELETED", W(2, "103")), Bookmark("104"));

        var run = Watch(maxEvents: 4);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        OurRoutes().Should().Be("10.200.1.0/24 via 10.240.0.31 dev eth0 \n10.200.3.0/24 via 10.240.0.23 dev eth0 \n");
        _api.Requests.Should().HaveCount(2);
        _api.Requests[0].Should().Be("/api/v1/nodes");
        _api.Requests[1].Should().StartWith("/api/v1/nodes?watch=1").And.Contain("allowWatchBookmarks=true").And.Contain("resourceVersion=100");
        run.Stdout.Should().Contain("reconcile (list):").And.Contain("node w0: 2 added")
            .And.Contain("reconcile (ADDED w3):").And.Contain("add 10.200.3.0/24 via 10.240.0.23 (node w3)")
            .And.Contain("replace 10.200.1.0/24 via 10.240.0.31 (node w1): was via 10.240.0.21")
            .And.Contain("reconcile (DELETED w2):").And.Contain("delete 10.200.2.0/24 via 10.240.0.22");
        run.Stderr.Should().Contain("stopped after 4 event(s)");
        File.ReadAllText(Path.Combine(_dir, "routes.json")).Should().Contain("\"node\": \"w3\"").And.NotContain("\"w2\"");
    }

    [RootFact]
    public void An_ERROR_410_event_and_a_410_answer_make_it_list_again_from_scratch()
    {
        _api.List(NodeList("100", W(0), W(1)));
        _api.Watch(End.Hold, Gone("100"));
        _api.List(NodeList("200", W(0), W(1), W(2)));
        _api.WatchStatus(410);
        _api.List(NodeList("300", W(0), W(1), W(2)));
        _api.Watch(End.Hold, Event("ADDED", W(3, "301")));

        var run = Watch(maxEvents: 2);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        OurRoutes().Should().Be("10.200.1.0/24 via 10.240.0.21 dev eth0 \n10.200.2.0/24 via 10.240.0.22 dev eth0 \n10.200.3.0/24 via 10.240.0.23 dev eth0 \n");
        _api.Requests.Select(r => r.Contains("watch=1", StringComparison.Ordinal) ? $"watch@{Query(r, "resourceVersion")}" : "list")
            .Should().Equal("list", "watch@100", "list", "watch@200", "list", "watch@300");
        run.Stderr.Should().Contain("resourceVersion 100 is gone (410): listing again");
    }

    [RootFact]
    public void A_dropped_or_broken_watch_is_retried_from_the_last_version_and_a_bad_node_version_makes_no_wrong_route()
    {
        _api.List(NodeList("100", W(0), W(1)));
        _api.Watch(End.Drop, Event("ADDED", W(2, "101")), Event("MODIFIED", W(1, "102", cidr: "10.200.1.7/24")));
        _api.Watch(End.Close, "{\"type\":\"MODIFIED\",\"object\":{\"metadata\"");
        _api.Watch(End.Hold, Event("ADDED", W(3, "103")));

        var run = Watch(maxEvents: 3);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        OurRoutes().Should().Be("10.200.1.0/24 via 10.240.0.21 dev eth0 \n10.200.2.0/24 via 10.240.0.22 dev eth0 \n10.200.3.0/24 via 10.240.0.23 dev eth0 \n",
            "w1's version with a CIDR that is not a network is ignored; its last good version stays");
        _api.Requests.Select(r => r.Contains("watch=1", StringComparison.Ordinal) ? $"watch@{Query(r, "resourceVersion")}" : "list")
            .Should().Equal("list", "watch@100", "watch@102", "watch@102");
        run.Stderr.Should().Contain("node w1: spec.podCIDRs[0]: \"10.200.1.7/24\" is not a network: host bits are set")
            .And.Contain("its last good version is kept")
            .And.Contain("retrying in 1 s").And.Contain("a line that is not JSON").And.Contain("retrying in 2 s")
            .And.NotContain("   at ");
    }

    [RootFact]
    public void Watch_stops_cleanly_on_SIGTERM_and_a_https_server_is_refused_with_what_to_do()
    {
        _api.List(NodeList("100", W(0), W(1)));
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "netns", "exec", _node.Name, PublishedBinary.Path, "routes", "watch", "--server", _api.Url, "--state-file", Path.Combine(_dir, "routes.json") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CNI_COMMAND");
        using var watch = Process.Start(start)!;
        var stderr = watch.StandardError.ReadToEndAsync();
        var stdout = watch.StandardOutput.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (OurRoutes().Length == 0 && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            Thread.Sleep(100);
        }

        OurRoutes().Should().Be("10.200.1.0/24 via 10.240.0.21 dev eth0 \n");
        Command.Sh($"kill -TERM {watch.Id}"); // ip netns exec execs the binary: the pid is k8snet's
        var exited = watch.WaitForExit(TimeSpan.FromSeconds(10));
        if (!exited)
        {
            watch.Kill();
        }

        exited.Should().BeTrue("SIGTERM ends the watch, also while it waits on the held-open stream");
        watch.ExitCode.Should().Be(0, stdout.Result + stderr.Result);
        stderr.Result.Should().Contain("stopped after 0 event(s)");

        var https = OperatorCli.Run(_node, "routes", "watch", "--server", "https://10.32.0.1:443");
        https.ExitCode.Should().Be(1);
        https.Stderr.Should().Contain("--server: https://10.32.0.1:443 is HTTPS, and k8snet has no TLS").And.Contain("kubectl proxy");
    }

    /// <summary>
    /// The DaemonSet's topology: k8snet → `kubectl proxy` (the api-proxy container's flags) → the API, here the replay
    /// server as kubectl's cluster. k8snet finds the proxy through --kubeconfig.
    /// </summary>
    [KubectlFact]
    public void Watch_works_through_kubectl_proxy_as_in_the_DaemonSet()
    {
        var kubectl = Command.Which("kubectl")!;

        var upstream = Path.Combine(_dir, "upstream.kubeconfig");
        File.WriteAllText(upstream, $"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: {_api.Url}\n  name: replay\ncontexts:\n- context:\n    cluster: replay\n    user: none\n  name: replay\ncurrent-context: replay\nusers:\n- name: none\n  user: {{}}\n");
        var viaProxy = Path.Combine(_dir, "proxy.kubeconfig");
        File.WriteAllText(viaProxy, "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: http://127.0.0.1:18001\n  name: proxy\ncontexts:\n- context:\n    cluster: proxy\n  name: proxy\ncurrent-context: proxy\n");
        _api.List(NodeList("100", W(0), W(1)));
        _api.Watch(End.Hold, Event("ADDED", W(2, "101")), Event("DELETED", W(1, "102")));
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "netns", "exec", _node.Name, kubectl, "proxy", "--kubeconfig", upstream, "--address=127.0.0.1", "--port=18001",
            "--accept-paths=^/api/v1/nodes$", "--reject-methods=POST,PUT,PATCH,DELETE" })
        {
            start.ArgumentList.Add(arg);
        }

        using var proxy = Process.Start(start)!;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (_node.TryExec("exec 3<>/dev/tcp/127.0.0.1/18001").ExitCode != 0 && deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                Thread.Sleep(100);
            }

            var run = Command.Run("ip", ["netns", "exec", _node.Name, PublishedBinary.Path, "routes", "watch", "--kubeconfig", viaProxy,
                "--state-file", Path.Combine(_dir, "routes.json"), "--max-events", "2"],
                environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null }, timeout: TimeSpan.FromSeconds(30));

            run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
            run.Stderr.Should().Contain("watching nodes at http://127.0.0.1:18001");
            OurRoutes().Should().Be("10.200.2.0/24 via 10.240.0.22 dev eth0 \n");
            _api.Requests.Should().Contain("/api/v1/nodes").And.Contain(r => r.Contains("watch=1", StringComparison.Ordinal) && r.Contains("resourceVersion=100", StringComparison.Ordinal));
        }
        finally
        {
            proxy.Kill();
            proxy.WaitForExit();
        }
    }

    private static string Query(string target, string key)
    {
        foreach (var part in target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&'))
        {
            if (part.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return part[(key.Length + 1)..];
            }
        }

        return "(none)";
    }

    public void Dispose()
    {
        _api?.Dispose();
        _node.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>A root test that also needs kubectl (for `kubectl proxy`); skipped, saying so, without it.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = !Privileges.CanUseNetNs ? Privileges.WhyNot
            : Command.Which("kubectl") is null ? "kubectl is not installed (Debian: kubernetes-client)"
            : null;
    }
}
