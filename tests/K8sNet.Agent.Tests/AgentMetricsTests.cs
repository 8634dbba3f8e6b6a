using K8sNet.Agent.Serving;

namespace K8sNet.Agent.Tests;

/// <summary>/metrics is the Prometheus text format: HELP and TYPE once per metric, one sample per line.</summary>
public sealed class AgentMetricsTests
{
    [Fact]
    public void Samples_follow_the_text_format_and_readiness_follows_the_first_good_reconcile()
    {
        var metrics = new AgentMetrics();
        metrics.Ready.Should().BeFalse();
        metrics.Event("MODIFIED");
        metrics.Event("NOT-A-TYPE");
        metrics.Reconciled(ok: false, 1, 0, 2);
        metrics.Ready.Should().BeFalse("a reconcile with failed writes is not a sync");
        metrics.Reconciled(ok: true, 3, 1, 0);

        var lines = metrics.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        metrics.Ready.Should().BeTrue();
        lines.Should().Contain(["k8snet_agent_routes{family=\"ipv4\"} 3", "k8snet_agent_routes{family=\"ipv6\"} 1", "k8snet_agent_reconciles_total 2",
            "k8snet_agent_reconcile_failures_total 1", "k8snet_agent_watch_events_total{type=\"MODIFIED\"} 1", "k8snet_agent_watch_events_total{type=\"ERROR\"} 0",
            "# TYPE k8snet_agent_reconciles_total counter", "# TYPE k8snet_agent_routes gauge"]);
        lines.Where(l => !l.StartsWith('#')).Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^k8snet_agent_[a-z_]+(\\{[a-z]+=\"[A-Za-z0-9]+\"\\})? [0-9]+$"));
        lines.Count(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Should().Be(lines.Select(l => l.Split(' ', '{')[0]).Where(n => !n.StartsWith('#')).Distinct().Count());
    }
}
