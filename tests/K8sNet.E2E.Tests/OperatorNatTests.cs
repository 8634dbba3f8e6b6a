using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// The NAT story of the default nftables backend from `k8snet inspect` alone: the network's masquerade rule, its
/// counters growing with traffic that leaves the subnet, and the pods it covers; gc removes a rule left without pods.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class OperatorNatTests
{
    [RootFact]
    public void Inspect_shows_the_network_rule_its_counters_and_the_pods_it_covers()
    {
        using var node = new CniNode();
        using var outside = TestNetNs.Create("out");
        var config = node.SeedConfig();
        var configFile = OperatorCli.ConfigFile(node, config);
        var (a, b) = (node.NewPod(), node.NewPod());
        node.Add(a, "nat-a", config).EnsureSuccess("ADD a");
        node.Add(b, "nat-b", config).EnsureSuccess("ADD b");
        // A host outside the pod subnet, reached through the node: the seed's NAT walk.
        Command.Sh($"ip -n {node.Node.Name} link add ext0 type veth peer name eth0 netns {outside.Name}");
        node.Node.Exec("ip addr add 10.240.0.1/24 dev ext0 && ip link set ext0 up");
        outside.Exec("ip addr add 10.240.0.2/24 dev eth0 && ip link set eth0 up");

        a.Exec("ping -c3 -i0.2 -W2 10.240.0.2");
        var run = OperatorCli.Run(node.Node, "inspect", "--config", configFile, "-o", "json");
        var table = OperatorCli.Run(node.Node, "inspect", "--config", configFile);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        var network = Json.Parse(run.Stdout).GetProperty("networks")[0];
        var rule = network.GetProperty("masqueradeRules").EnumerateArray().Should().ContainSingle().Subject;
        rule.GetProperty("chain").GetString().Should().Be("masq-bridge-10.200.0.0_24");
        rule.GetProperty("packets").GetInt64().Should().BeGreaterThan(0, "the ping left the subnet through the rule");
        rule.GetProperty("covers").EnumerateArray().Select(c => c.GetProperty("containerID").GetString()).Should().BeEquivalentTo("nat-a", "nat-b");
        foreach (var attachment in network.GetProperty("attachments").EnumerateArray())
        {
            attachment.GetProperty("masqueradeRules").EnumerateArray().Select(r => r.GetString()).Should().Equal("masq-bridge-10.200.0.0_24");
        }

        // The counters are the kernel's: nft (an independent reader) shows the same packets.
        node.NftRuleset().Should().Contain($"counter packets {rule.GetProperty("packets").GetInt64()} bytes {rule.GetProperty("bytes").GetInt64()}");
        table.Stdout.Should().Contain("masquerade ip k8snet masq-bridge-10.200.0.0_24: ip saddr 10.200.0.0/24 ip daddr != 10.200.0.0/24")
            .And.Contain("covers 2 pod(s)").And.Contain("via network rule ip k8snet masq-bridge-10.200.0.0_24");
    }

    [RootFact]
    public void Gc_removes_a_network_rule_left_without_pods_and_keeps_the_one_in_use()
    {
        // The leftover arises from a subnet change: pod "old" got 10.200.0.0/24, the config moved to 10.201.0.0/24, and
        // "old" was deleted while "new" still holds a lease, so the network's last-pod cleanup never ran.
        using var node = new CniNode();
        var oldConfig = node.SeedConfig();
        var newConfig = node.SeedConfig(subnet: "10.201.0.0/24");
        var configFile = OperatorCli.ConfigFile(node, newConfig);
        var (old, current) = (node.NewPod(), node.NewPod());
        node.Add(old, "old", oldConfig).EnsureSuccess("ADD old");
        node.Node.Exec("ip addr flush dev cnio0");
        node.Add(current, "new", newConfig).EnsureSuccess("ADD new");
        node.Del(old.Path, "old", newConfig).EnsureSuccess("DEL old");
        node.NftRuleset().Should().Contain("masq-bridge-10.200.0.0_24", "the old subnet's rule is left over");

        var inspect = OperatorCli.Run(node.Node, "inspect", "--config", configFile);
        var dry = OperatorCli.Run(node.Node, "gc", "--dry-run", "--config", configFile);

        inspect.ExitCode.Should().Be(3);
        inspect.Stdout.Should().Contain("NetworkRuleWithoutPods").And.Contain("masq-bridge-10.200.0.0_24 for 10.200.0.0/24 covers no pod");
        dry.ExitCode.Should().Be(3);
        dry.Stdout.Should().Contain("remove ip k8snet masquerade rule masq-bridge-10.200.0.0_24 of network bridge").And.NotContain("10.201");

        var gc = OperatorCli.Run(node.Node, "gc", "--config", configFile);

        gc.ExitCode.Should().Be(0, gc.Stdout + gc.Stderr);
        var ruleset = node.NftRuleset();
        ruleset.Should().NotContain("10.200.0.0").And.Contain("masq-bridge-10.201.0.0_24", "the rule in use stays");
        OperatorCli.Run(node.Node, "inspect", "--config", configFile).ExitCode.Should().Be(0, "nothing is left to find");
    }
}
