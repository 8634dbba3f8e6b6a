using System.Text.RegularExpressions;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// Seeds 000/004 as one scenario: three Kubernetes The Hard Way workers on a VPC bridge, two pods each wired by the
/// published binary from inside their node, the nodes' routes made by `k8snet routes sync` from a NodeList, proven with
/// the seeds' commands (scripts/cluster.sh test); then a fourth worker joins and one leaves.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class ClusterTests
{
    // Every assertion the scenario makes, with how many times it must PASS (per pod, per node, or once).
    private static readonly (string Key, int Times)[] ExpectedPasses =
    [
        ("pod-eth0", 6), ("pod-mac", 6), ("pod-route", 6), ("pod-peer", 6),
        ("node-route", 3), ("node-peer-routes", 3), ("node-bridge-ports", 3),
        ("ping-pod-pod-same-node", 1), ("ping-pod-pod-cross-node", 1), ("ping-node-pod", 1), ("ping-pod-node", 1), ("ping-node-node", 1),
        ("nat-true-ping", 1), ("nat-true-snat", 1), ("nat-true-seen-as-node", 1), ("nat-true-counters", 1), ("nat-true-rules", 1),
        ("nat-false-ping", 1), ("nat-false-no-snat", 1), ("nat-false-seen-as-pod", 1), ("nat-false-no-rules", 1),
        ("del-true", 1), ("clean-true", 3), ("del-false", 1), ("clean-false", 3),
        // w3 joins (four members), then w1 leaves (three): routes sync on every member, routes checked, ping matrix again.
        ("join-sync", 4), ("join-routes", 4), ("join-inspect", 1),
        ("join-ping-pod-pod-same-node", 1), ("join-ping-pod-pod-cross-node", 1), ("join-ping-node-pod", 1), ("join-ping-pod-node", 1), ("join-ping-node-node", 1),
        ("leave-sync", 3), ("leave-routes", 3),
        ("leave-ping-pod-pod-same-node", 1), ("leave-ping-pod-pod-cross-node", 1), ("leave-ping-node-pod", 1), ("leave-ping-pod-node", 1), ("leave-ping-node-node", 1),
    ];

    /// <param name="ipMasqBackend">"": the seed's config verbatim (the default backend); "iptables": the reference's rules.</param>
    [RootTheory]
    [InlineData("")]
    [InlineData("iptables")]
    public void The_seeds_three_worker_cluster_passes_every_assertion_with_and_without_ipMasq(string ipMasqBackend)
    {
        using var cluster = ClusterScript.Create();

        var run = cluster.Run("test", ipMasqBackend: ipMasqBackend);

        var output = run.Stdout + run.Stderr;
        run.ExitCode.Should().Be(0, output);
        output.Should().NotContain("FAIL [").And.NotContain("SKIP [");
        foreach (var (key, times) in ExpectedPasses)
        {
            Regex.Matches(run.Stdout, $@"^PASS \[{Regex.Escape(key)}\] ", RegexOptions.Multiline).Count
                .Should().Be(times, $"'{key}' is asserted {times} time(s)\n{output}");
        }

        run.Stdout.Should().MatchRegex($@"== cluster: {ExpectedPasses.Sum(p => p.Times)} passed, 0 failed, 0 skipped");
        cluster.Namespaces().Should().BeEmpty("test brings its own cluster down");
        Directory.Exists(cluster.StateDir).Should().BeFalse();
    }

    [RootFact]
    public void Up_after_a_crash_removes_the_leftovers_and_down_removes_everything()
    {
        using var cluster = ClusterScript.Create();
        Command.Sh($"ip netns add {cluster.Prefix}-w1 && ip netns add {cluster.Prefix}-w1-p0");
        Command.Sh($"mkdir -p {cluster.StateDir}/{cluster.Prefix}-w1/data && touch {cluster.StateDir}/.k8snet-cluster");

        var up = cluster.Run("up");

        up.ExitCode.Should().Be(0, up.Stdout + up.Stderr);
        up.Stdout.Should().Contain($"removed leftovers of an earlier run of {cluster.Prefix}");
        cluster.Namespaces().Should().HaveCount(1 + 3 + 6, "vpc, three nodes, two pods each");
        up.Stdout.Should().MatchRegex(@"w1-p0 +w1 +10\.200\.1\.\d+ +0a:58:0a:c8:01:");

        var down = cluster.Run("down");

        down.ExitCode.Should().Be(0, down.Stdout + down.Stderr);
        cluster.Namespaces().Should().BeEmpty();
        Directory.Exists(cluster.StateDir).Should().BeFalse();
    }

    [RootFact]
    public void A_failing_up_removes_what_it_made()
    {
        using var cluster = ClusterScript.Create();

        var up = cluster.Run("up", binary: "/bin/false");

        up.ExitCode.Should().NotBe(0);
        up.Stderr.Should().Contain($"ADD of {cluster.Prefix}-w0-p0 failed").And.Contain("removing what it made");
        cluster.Namespaces().Should().BeEmpty();
        Directory.Exists(cluster.StateDir).Should().BeFalse();
    }
}
