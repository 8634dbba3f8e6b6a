using K8sNet.Operator.Gc;
using K8sNet.Operator.Inspection;

namespace K8sNet.Operator.Tests;

public sealed class ConsistencyAndGcTests
{
    [Fact]
    public void A_node_where_every_lease_has_its_veth_and_chain_has_no_findings()
    {
        var view = NodeViews.View([NodeViews.Healthy("a", 5, "10.200.0.2"), NodeViews.Healthy("b", 7, "10.200.0.3")]);

        view.Findings.Should().BeEmpty();
        GcPlanner.Plan(view).Should().BeEmpty();
    }

    [Fact]
    public void A_lease_whose_netns_is_gone_is_flagged_and_gc_releases_it_with_its_chain()
    {
        var view = NodeViews.View([NodeViews.Healthy("a", 5, "10.200.0.2"), NodeViews.Attachment("dead", "10.200.0.3", netnsExists: false)]);

        view.Findings.Should().ContainSingle().Which.Should().Match<Finding>(f => f.Kind == FindingKind.LeaseWithoutNetns && f.Subject == "dead/eth0");
        GcPlanner.Plan(view).Select(a => (a.Kind, a.ContainerId)).Should().Equal(
            (GcActionKind.ReleaseLeases, "dead"), (GcActionKind.RemoveNatChain, "dead"));
    }

    [Fact]
    public void A_veth_on_the_bridge_without_a_lease_is_flagged_and_collected()
    {
        var view = NodeViews.View([NodeViews.Healthy("a", 5, "10.200.0.2")], extraPorts: [NodeViews.Veth("vethlost", 9)]);

        view.Findings.Should().ContainSingle().Which.Should().Match<Finding>(f => f.Kind == FindingKind.VethWithoutLease && f.Subject == "vethlost");
        GcPlanner.Plan(view).Should().ContainSingle().Which.Should().Match<GcAction>(a => a.Kind == GcActionKind.DeleteVeth && a.LinkIndex == 9);
    }

    [Fact]
    public void A_chain_of_this_network_without_a_lease_is_collected_but_other_networks_chains_are_not_judged()
    {
        var view = NodeViews.View(
            [NodeViews.Healthy("a", 5, "10.200.0.2")],
            extraChains: [NodeViews.Chain("gone"), NodeViews.Chain("x", network: "other")]);

        view.Findings.Should().ContainSingle().Which.Should().Match<Finding>(f => f.Kind == FindingKind.ChainWithoutLease && f.Subject == NodeViews.Chain("gone").Name);
        GcPlanner.Plan(view).Should().ContainSingle().Which.ContainerId.Should().Be("gone");
    }

    [Fact]
    public void A_lease_whose_netns_lives_but_lacks_the_interface_is_flagged_but_left_to_the_runtime()
    {
        var view = NodeViews.View([NodeViews.Attachment("half", "10.200.0.4", netnsExists: true)]);

        view.Findings.Should().ContainSingle().Which.Kind.Should().Be(FindingKind.LeaseWithoutInterface);
        GcPlanner.Plan(view).Should().BeEmpty();
    }

    [Fact]
    public void A_lease_without_a_recorded_netns_is_never_collected()
    {
        var view = NodeViews.View([NodeViews.Attachment("ref", "10.200.0.5", netnsExists: false, netns: string.Empty)]);

        view.Findings.Should().ContainSingle().Which.Kind.Should().Be(FindingKind.LeaseWithUnknownNetns);
        GcPlanner.Plan(view).Should().BeEmpty();
    }

    [Fact]
    public void A_pod_whose_peer_is_not_a_bridge_port_is_a_lease_without_veth()
    {
        var stray = NodeViews.Healthy("a", 5, "10.200.0.2");
        stray = stray with { HostVeth = stray.HostVeth! with { MasterIndex = 42 } };
        var view = NodeViews.View([stray]);

        view.Findings.Should().ContainSingle().Which.Kind.Should().Be(FindingKind.LeaseWithoutVeth);
    }
}
