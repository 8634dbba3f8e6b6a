using System.Diagnostics;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using static K8sNet.Agent.Tests.RunningAgent;

namespace K8sNet.Agent.Tests;

/// <summary>
/// The published k8snet-agent `routes` in a throwaway node netns against the test API server over TLS, with a
/// Kubernetes-The-Hard-Way kubeconfig (server by name from /etc/hosts, embedded CA bundle and client certificate).
/// Routes are always read from the namespace's kernel.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class AgentRoutesTests
{
    private static string[] Routes(AgentNode node, params string[] extra) =>
        ["routes", "--kubeconfig", node.Kubeconfig, "--state-file", node.StateFile, "--conf-dir", node.Dir, "--resync", "300", .. extra];

    private static int Count(AgentNode node, string prefix) => node.Server.Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    [RootFact]
    public void Over_HTTP2_with_a_CA_bundle_it_lists_watches_and_the_kernel_follows_every_change()
    {
        using var node = new AgentNode(HttpProtocols.Http2);
        var bundle = TestPki.CertificatePem(new TestPki("Old CA").Ca) + TestPki.CertificatePem(new TestPki("Front Proxy CA").Ca) + TestPki.CertificatePem(node.Pki.Ca);
        node.WriteKubeconfig(node.Kubeconfig, node.Pki.Client("system:kube-proxy", "system:node-proxier"), bundle);
        node.AddSeedNodes();

        var agent = node.Start(Routes(node));

        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22").Should().BeTrue(agent.Output);
        Eventually(() => agent.Get("/readyz").Status == 200).Should().BeTrue(agent.Output);
        node.Server.Add(NodeObjects.Node("w3", "10.240.0.23", "10.200.3.0/24"));
        node.Server.Modify(NodeObjects.Node("w1", "10.240.0.31", "10.200.1.0/24"));
        node.Server.Delete("w2");
        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.31\n10.200.3.0/24 via 10.240.0.23").Should().BeTrue(agent.Output);

        node.Server.Requests[0].Should().Be("GET /api/v1/nodes?resourceVersion=0 system:kube-proxy HTTP/2", "the list comes from the watch cache, over HTTP/2");
        node.Server.Requests[1].Should().StartWith("GET /api/v1/nodes?watch=1&allowWatchBookmarks=true&resourceVersion=103&timeoutSeconds=");
        agent.Get("/healthz").Should().Be((200, "ok\n"));
        Eventually(() => agent.Metric("k8snet_agent_routes{family=\"ipv4\"}") == 2).Should().BeTrue(agent.Get("/metrics").Body);
        agent.Metric("k8snet_agent_watch_events_total{type=\"ADDED\"}").Should().Be(1);
        agent.Metric("k8snet_agent_watch_events_total{type=\"DELETED\"}").Should().Be(1);
        agent.Metric("k8snet_agent_reconciles_total").Should().Be(4, "the list and three changes");
        agent.Metric("k8snet_agent_last_successful_sync_timestamp_seconds").Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 600);
        File.ReadAllText(node.StateFile).Should().Contain("\"node\": \"w3\"").And.NotContain("\"w2\"");
        agent.Stdout.Should().Contain("reconcile (DELETED w2):").And.Contain("delete 10.200.2.0/24 via 10.240.0.22");
    }

    [RootFact]
    public void Over_HTTP1_heartbeats_write_nothing_a_dropped_or_garbled_watch_resumes_without_a_list_and_410_lists_again()
    {
        using var node = new AgentNode(HttpProtocols.Http1);
        node.AddSeedNodes();
        var agent = node.Start(Routes(node));
        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22" && agent.Get("/readyz").Status == 200).Should().BeTrue(agent.Output);
        Eventually(() => node.Server.OpenWatches == 1).Should().BeTrue(agent.Output);
        var reconciles = agent.Metric("k8snet_agent_reconciles_total");

        var monitor = Process.Start(new ProcessStartInfo("ip", ["-n", node.Node.Name, "monitor", "route"]) { RedirectStandardOutput = true })!;
        var written = monitor.StandardOutput.ReadToEndAsync();
        for (var i = 0; i < 50; i++)
        {
            node.Server.Heartbeat("w0");
            node.Server.Heartbeat("w1");
            node.Server.Heartbeat("w2");
        }

        Eventually(() => agent.Metric("k8snet_agent_watch_events_total{type=\"MODIFIED\"}") == 150).Should().BeTrue(agent.Get("/metrics").Body);
        Thread.Sleep(500);
        monitor.Kill();
        written.Wait(TimeSpan.FromSeconds(5)).Should().BeTrue();
        written.Result.Split('\n').Where(l => l.Contains("proto 58", StringComparison.Ordinal)).Should().BeEmpty(
            "status-only updates change no route in the kernel (the link-local address's route may still come and go)");
        agent.Metric("k8snet_agent_reconciles_total").Should().Be(reconciles, "nothing route-relevant changed");

        var version = node.Server.ResourceVersion;
        node.Server.DropWatches();
        Eventually(() => Count(node, $"GET /api/v1/nodes?watch=1&allowWatchBookmarks=true&resourceVersion={version}&") == 1).Should().BeTrue(string.Join('\n', node.Server.Requests));
        Eventually(() => node.Server.OpenWatches == 1).Should().BeTrue(agent.Output);
        node.Server.Add(NodeObjects.Node("w3", "10.240.0.23", "10.200.3.0/24"));
        Eventually(() => node.Routes().Contains("10.200.3.0/24 via 10.240.0.23", StringComparison.Ordinal)).Should().BeTrue(agent.Output);

        node.Server.GarbleWatches();
        Eventually(() => node.Server.OpenWatches == 1 && Count(node, "GET /api/v1/nodes?watch=1") == 3).Should().BeTrue(agent.Output);
        node.Server.Add(NodeObjects.Node("w4", "10.240.0.24", "10.200.4.0/24"));
        Eventually(() => node.Routes().Contains("10.200.4.0/24 via 10.240.0.24", StringComparison.Ordinal)).Should().BeTrue(agent.Output);
        Count(node, "GET /api/v1/nodes?resourceVersion=0").Should().Be(1, "a dropped or broken watch resumes from its last resourceVersion");
        agent.Metric("k8snet_agent_relists_total").Should().Be(0);

        node.Server.ExpireWatches();
        Eventually(() => Count(node, "GET /api/v1/nodes?resourceVersion=0") == 2 && node.Server.OpenWatches == 1).Should().BeTrue(agent.Output);
        node.Server.Add(NodeObjects.Node("w5", "10.240.0.25", "10.200.5.0/24"));
        Eventually(() => node.Routes().Contains("10.200.5.0/24 via 10.240.0.25", StringComparison.Ordinal)).Should().BeTrue(agent.Output);
        agent.Metric("k8snet_agent_relists_total").Should().Be(1);
        agent.Stderr.Should().Contain("a line that is not JSON").And.Contain("is gone (410): listing again").And.NotContain("   at ");
        node.Server.Requests.Should().OnlyContain(r => r.EndsWith(" system:kube-proxy HTTP/1.1", StringComparison.Ordinal));
    }

    [RootFact]
    public void It_survives_its_own_Node_being_deleted_and_recreated_and_SIGTERM_leaves_the_routes()
    {
        using var node = new AgentNode();
        node.AddSeedNodes();
        var agent = node.Start(Routes(node, "--node-name", "w0"));
        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22").Should().BeTrue(agent.Output);

        node.Server.Delete("w0");
        Eventually(() => agent.Stderr.Contains("--node-name w0: no node of that name", StringComparison.Ordinal)).Should().BeTrue(agent.Output);
        node.Routes().Should().Be("10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22", "a missing own Node changes nothing");
        node.Server.Add(NodeObjects.Node("w0", "10.240.0.20", "10.200.0.0/24"));
        node.Server.Add(NodeObjects.Node("w3", "10.240.0.23", "10.200.3.0/24"));
        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22\n10.200.3.0/24 via 10.240.0.23").Should().BeTrue(agent.Output);
        agent.Process.HasExited.Should().BeFalse();

        var exit = agent.Terminate(within: TimeSpan.FromSeconds(5));

        exit.Should().Be(0, "SIGTERM ends it within 5 s: " + agent.Output);
        node.Routes().Should().Be("10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22\n10.200.3.0/24 via 10.240.0.23", "a restart must not blackhole pods");
        agent.Stderr.Should().Contain("stopped; routes left in place");
    }

    [RootFact]
    public void A_host_that_is_not_a_Node_routes_to_every_node()
    {
        using var node = new AgentNode();
        for (var i = 1; i <= 3; i++)
        {
            node.Server.Add(NodeObjects.Node($"node-{i}", $"10.240.0.2{i}", $"10.200.{i}.0/24"));
        }

        var agent = node.Start(Routes(node, "--not-a-node"));

        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22\n10.200.3.0/24 via 10.240.0.23").Should().BeTrue(agent.Output);
        agent.Stdout.Should().Contain("node (not a node): 3 added");
    }
}
