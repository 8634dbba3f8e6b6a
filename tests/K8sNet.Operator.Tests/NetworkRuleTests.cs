using System.Net;
using System.Text.Json;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Nftables;
using K8sNet.Operator.Gc;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Nat;
using K8sNet.Operator.Rendering;

namespace K8sNet.Operator.Tests;

/// <summary>The nftables backend's network masquerade rule in inspect and gc: counters, covered pods, leftovers.</summary>
public sealed class NetworkRuleTests
{
    private static readonly SubnetRule Rule = new("ip", "masq-bridge-10.200.0.0_24", "bridge", "10.200.0.0/24", 12, 1008, true);

    [Fact]
    public void The_rule_the_plugin_writes_parses_back_to_its_chain_network_and_subnet()
    {
        // The NEWRULE of the plugin's own install batch has the layout of a dump reply (table, chain, expressions, comment).
        var target = new MasqueradeTarget("bridge", "c1", "eth0", [new MasqueradeAddress(IPAddress.Parse("10.200.0.7"), 24)]);
        var writer = new NetlinkWriter();
        NftMessages.Install(writer, SubnetMasquerade.For(target));
        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        SubnetRule? parsed = null;
        while (reader.TryRead(out var message))
        {
            if (message.Type == NfTables.MessageType(NfTables.NFT_MSG_NEWRULE) && SubnetRuleParser.TryParse(message, "ip", out var rule))
            {
                parsed = rule;
            }
        }

        parsed.Should().BeEquivalentTo(new SubnetRule("ip", "masq-bridge-10.200.0.0_24", "bridge", "10.200.0.0/24", 0, 0, true));
        parsed!.Text.Should().Be("ip saddr 10.200.0.0/24 ip daddr != 10.200.0.0/24 ip daddr != 224.0.0.0/4 masquerade");
    }

    [Theory]
    [InlineData("k8snet ipMasq network a-b subnet fd10::/64", "a-b", "fd10::/64")]
    [InlineData("k8snet ipMasq network bridge subnet 10.200.0.0/24", "bridge", "10.200.0.0/24")]
    [InlineData("someone else's rule", null, null)]
    public void Owner_comes_from_the_comment(string comment, string? network, string? subnet)
    {
        SubnetRuleParser.Owner(comment).Should().Be((network, subnet));
    }

    [Fact]
    public void A_rule_covering_the_pods_is_consistent_and_shown_with_its_counters_and_pods()
    {
        var view = View([Nftables(NodeViews.Healthy("a", 5, "10.200.0.2")), Nftables(NodeViews.Healthy("b", 7, "10.200.0.3"))], [Rule]);

        view.Findings.Should().BeEmpty();
        var table = TableRenderer.Render(view);
        table.Should().Contain("masquerade ip k8snet masq-bridge-10.200.0.0_24: ip saddr 10.200.0.0/24").And.Contain("12 pkts 1008 bytes")
            .And.Contain("covers 2 pod(s): a/eth0 10.200.0.2, b/eth0 10.200.0.3")
            .And.Contain("10.200.0.2 via network rule ip k8snet masq-bridge-10.200.0.0_24 (shared: 12 pkts 1008 bytes)");
        using var json = JsonDocument.Parse(JsonRenderer.Render(view));
        var network = json.RootElement.GetProperty("networks")[0];
        var rule = network.GetProperty("masqueradeRules")[0];
        rule.GetProperty("packets").GetInt64().Should().Be(12);
        rule.GetProperty("covers").EnumerateArray().Select(c => c.GetProperty("containerID").GetString()).Should().Equal("a", "b");
        network.GetProperty("attachments")[0].GetProperty("masqueradeRules")[0].GetString().Should().Be("masq-bridge-10.200.0.0_24");
    }

    [Fact]
    public void A_rule_whose_subnet_holds_no_lease_is_a_collectable_finding_and_gc_removes_it()
    {
        var stale = Rule with { Chain = "masq-bridge-10.201.0.0_24", Subnet = "10.201.0.0/24" };
        var view = View([Nftables(NodeViews.Healthy("a", 5, "10.200.0.2"))], [Rule, stale]);

        view.Findings.Should().ContainSingle().Which.Should().Match<Finding>(f =>
            f.Kind == FindingKind.NetworkRuleWithoutPods && f.Subject == stale.Chain && f.IsCollectable);
        var action = GcPlanner.Plan(view).Should().ContainSingle().Subject;
        action.Should().Match<GcAction>(a => a.Kind == GcActionKind.RemoveNetworkRule && a.Family == "ip" && a.Subnet == "10.201.0.0/24");
        action.Describe().Should().Be("remove ip k8snet masquerade rule masq-bridge-10.201.0.0_24 of network bridge (no lease in 10.201.0.0/24)");
    }

    [Fact]
    public void A_masquerading_pod_that_no_rule_covers_is_flagged_but_not_collected()
    {
        var view = View([Nftables(NodeViews.Healthy("a", 5, "10.200.0.2"))], []);

        view.Findings.Should().ContainSingle().Which.Should().Match<Finding>(f => f.Kind == FindingKind.PodWithoutMasquerade && f.Subject == "a/eth0" && !f.IsCollectable);
        GcPlanner.Plan(view).Should().BeEmpty();
    }

    [Fact]
    public void Unreadable_nf_tables_or_iptables_judges_nothing()
    {
        View([Nftables(NodeViews.Healthy("a", 5, "10.200.0.2"))], null).Findings.Should().BeEmpty();
        var networks = new List<NetworkView> { new(NodeViews.Network, new BridgeView(NodeViews.Bridge, [], [NodeViews.Veth("vetha", 5)]), [Nftables(NodeViews.Healthy("a", 5, "10.200.0.2"))], []) };
        ConsistencyAnalyzer.Analyze(networks, [], chainsKnown: false).Should().BeEmpty("without the chains a pod may well be masqueraded by one");
    }

    [Fact]
    public void Covers_is_subnet_membership()
    {
        Rule.Covers("10.200.0.254").Should().BeTrue();
        Rule.Covers("10.201.0.2").Should().BeFalse();
        (Rule with { Family = "ip6", Subnet = "fd10::/64" }).Covers("fd10::5").Should().BeTrue();
    }

    /// <summary>The nftables backend makes no per-pod chain.</summary>
    private static Attachment Nftables(Attachment a) => a with { Chains = [] };

    private static NodeView View(IReadOnlyList<Attachment> attachments, IReadOnlyList<SubnetRule>? rules)
    {
        var ports = attachments.Select(a => a.HostVeth!).ToList();
        var networks = new List<NetworkView> { new(NodeViews.Network, new BridgeView(NodeViews.Bridge, ["10.200.0.1/24"], ports), attachments, rules) };
        return new NodeView(DateTime.UtcNow, networks, [], ConsistencyAnalyzer.Analyze(networks, []), []);
    }
}
