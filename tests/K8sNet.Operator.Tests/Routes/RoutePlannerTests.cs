using System.Net;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Operator.Routes;

namespace K8sNet.Operator.Tests.Routes;

public sealed class RoutePlannerTests
{
    // w0's view: eth0 10.240.0.20/24 and fd00:240::20/64, loopback (host scope).
    private static readonly InterfaceAddress[] Connected =
    [
        new(1, IPAddress.Loopback, 8, 254, 0, "lo"),
        new(2, IPAddress.Parse("10.240.0.20"), 24, 0, 0, "eth0"),
        new(2, IPAddress.Parse("fd00:240::20"), 64, 0, 0, null),
    ];

    private static KubeNode Node(string name, string ip, params string[] cidrs) =>
        new(name, ip.Split(',').Select(IPAddress.Parse).ToList(), cidrs.Select(IPNetwork.Parse).ToList());

    private static readonly KubeNode[] Seeds =
        [Node("w0", "10.240.0.20", "10.200.0.0/24"), Node("w1", "10.240.0.21", "10.200.1.0/24"), Node("w2", "10.240.0.22", "10.200.2.0/24")];

    private static Route Ours(string dst, string via, uint? metric = null) => new(IPNetwork.Parse(dst), IPAddress.Parse(via), Priority: metric, Protocol: OwnRoutes.Protocol);

    private static Route Theirs(string dst, string? via, byte protocol) =>
        new(IPNetwork.Parse(dst), via is null ? null : IPAddress.Parse(via), OutputIndex: 2, Protocol: protocol);

    private static string[] Describe(RoutePlan plan) => plan.Actions.Select(a => a.ToString()).ToArray();

    [Fact]
    public void An_empty_table_gets_a_route_to_every_other_nodes_pod_CIDR_via_its_InternalIP_with_our_protocol()
    {
        var plan = RoutePlanner.Plan(Seeds, "w0", [], Connected);

        Describe(plan).Should().Equal("add 10.200.1.0/24 via 10.240.0.21 (node w1)", "add 10.200.2.0/24 via 10.240.0.22 (node w2)");
        plan.Actions.Should().OnlyContain(a => a.Route.Protocol == OwnRoutes.Protocol && a.Route.Table == 254 && a.Route.Priority == null);
        plan.Skipped.Should().BeEmpty();
    }

    [Fact]
    public void When_the_routes_are_in_place_the_plan_writes_nothing()
    {
        var plan = RoutePlanner.Plan(Seeds, "w0", [Ours("10.200.1.0/24", "10.240.0.21"), Ours("10.200.2.0/24", "10.240.0.22")], Connected);

        plan.Actions.Should().BeEmpty();
        plan.Unchanged.Select(r => r.Node).Should().Equal("w1", "w2");
    }

    [Fact]
    public void A_node_that_left_has_its_route_deleted_and_a_changed_InternalIP_is_replaced()
    {
        var nodes = new[] { Seeds[0], Node("w1", "10.240.0.31", "10.200.1.0/24") };

        var plan = RoutePlanner.Plan(nodes, "w0", [Ours("10.200.1.0/24", "10.240.0.21"), Ours("10.200.2.0/24", "10.240.0.22")], Connected);

        Describe(plan).Should().Equal(
            "replace 10.200.1.0/24 via 10.240.0.31 (node w1): was via 10.240.0.21",
            "delete 10.200.2.0/24 via 10.240.0.22: no node has this pod CIDR any more");
    }

    [Fact]
    public void A_changed_pod_CIDR_deletes_the_old_route_and_adds_the_new()
    {
        var nodes = new[] { Seeds[0], Node("w1", "10.240.0.21", "10.200.9.0/24") };

        var plan = RoutePlanner.Plan(nodes, "w0", [Ours("10.200.1.0/24", "10.240.0.21")], Connected);

        Describe(plan).Should().Equal("delete 10.200.1.0/24 via 10.240.0.21: no node has this pod CIDR any more", "add 10.200.9.0/24 via 10.240.0.21 (node w1)");
    }

    [Theory]
    [InlineData(4)] // static: `ip route add` by a person with proto static
    [InlineData(3)] // boot: plain `ip route add`, as the guide does it
    [InlineData(2)] // kernel: the prefix is a connected subnet here
    public void A_route_of_someone_else_to_a_wanted_prefix_is_left_alone_and_reported(byte protocol)
    {
        var plan = RoutePlanner.Plan(Seeds, "w0", [Theirs("10.200.1.0/24", "10.240.0.99", protocol)], Connected);

        Describe(plan).Should().Equal("add 10.200.2.0/24 via 10.240.0.22 (node w2)");
        plan.Skipped.Should().ContainSingle().Which.Message.Should()
            .StartWith("10.200.1.0/24 via 10.240.0.21 (node w1): not installed: a route of someone else is there (10.200.1.0/24 via 10.240.0.99 proto ");
    }

    [Fact]
    public void Our_route_next_to_a_foreign_one_for_the_same_prefix_is_withdrawn_and_the_foreign_one_kept()
    {
        var plan = RoutePlanner.Plan(Seeds, "w0", [Ours("10.200.1.0/24", "10.240.0.21"), Theirs("10.200.1.0/24", "10.240.0.21", 4), Ours("10.200.2.0/24", "10.240.0.22")], Connected);

        plan.Actions.Should().ContainSingle().Which.Should().Match<RouteAction>(a => a.Change == RouteChange.Delete && a.Route.Protocol == OwnRoutes.Protocol);
        plan.Skipped.Should().ContainSingle();
    }

    [Fact]
    public void Foreign_routes_to_other_prefixes_and_stale_foreign_routes_are_never_in_the_plan()
    {
        var plan = RoutePlanner.Plan(Seeds, "w0", [Theirs("10.200.7.0/24", "10.240.0.27", 3), Theirs("0.0.0.0/0", "10.240.0.1", 3), Theirs("10.240.0.0/24", null, 2)], Connected);

        plan.Actions.Should().OnlyContain(a => a.Change == RouteChange.Add);
    }

    [Fact]
    public void A_next_hop_off_every_connected_subnet_is_reported_and_not_installed()
    {
        var nodes = new[] { Seeds[0], Node("far", "192.168.77.5", "10.200.5.0/24") };

        var plan = RoutePlanner.Plan(nodes, "w0", [], Connected);

        plan.Actions.Should().BeEmpty();
        plan.Skipped.Should().ContainSingle().Which.Message.Should().Be(
            "10.200.5.0/24 via 192.168.77.5 (node far): not installed: next hop 192.168.77.5 is not on a directly connected subnet of this host (10.240.0.0/24)");
    }

    [Fact]
    public void Our_route_whose_next_hop_became_unreachable_is_deleted_and_reported()
    {
        var nodes = new[] { Seeds[0], Node("w1", "192.168.77.5", "10.200.1.0/24") };

        var plan = RoutePlanner.Plan(nodes, "w0", [Ours("10.200.1.0/24", "10.240.0.21")], Connected);

        Describe(plan).Should().Equal("delete 10.200.1.0/24 via 10.240.0.21: next hop 192.168.77.5 is not on a directly connected subnet of this host (10.240.0.0/24)");
        plan.Skipped.Should().ContainSingle();
    }

    [Fact]
    public void Dual_stack_nodes_get_a_route_per_family_via_the_InternalIP_of_that_family()
    {
        var nodes = new[] { Node("w0", "10.240.0.20,fd00:240::20", "10.200.0.0/24", "fd00:200:0::/64"), Node("w1", "10.240.0.21,fd00:240::21", "10.200.1.0/24", "fd00:200:1::/64") };

        var plan = RoutePlanner.Plan(nodes, "w0", [], Connected);

        Describe(plan).Should().Equal("add 10.200.1.0/24 via 10.240.0.21 (node w1)", "add fd00:200:1::/64 via fd00:240::21 (node w1)");
    }

    [Fact]
    public void A_CIDR_without_an_InternalIP_of_its_family_gets_no_route_of_the_wrong_family()
    {
        var nodes = new[] { Seeds[0], Node("w1", "10.240.0.21", "10.200.1.0/24", "fd00:200:1::/64") };

        var plan = RoutePlanner.Plan(nodes, "w0", [], Connected);

        Describe(plan).Should().Equal("add 10.200.1.0/24 via 10.240.0.21 (node w1)");
        plan.Skipped.Should().ContainSingle().Which.Message.Should().Contain("fd00:200:1::/64 (node w1): not installed: the node has no InternalIP of the CIDR's family (10.240.0.21)");
    }

    [Fact]
    public void Two_nodes_claiming_one_CIDR_get_no_route_to_it_and_ours_is_withdrawn()
    {
        var nodes = new[] { Seeds[0], Seeds[1], Node("w9", "10.240.0.29", "10.200.1.0/24") };

        var plan = RoutePlanner.Plan(nodes, "w0", [Ours("10.200.1.0/24", "10.240.0.21")], Connected);

        Describe(plan).Should().Equal("delete 10.200.1.0/24 via 10.240.0.21: no node has this pod CIDR any more");
        plan.Skipped.Should().ContainSingle().Which.Message.Should().Contain("claimed by nodes w1 and w9");
    }

    [Fact]
    public void A_next_hop_that_is_this_hosts_own_address_is_refused()
    {
        var nodes = new[] { Node("w0", "10.240.0.20", "10.200.0.0/24"), Node("twin", "10.240.0.20", "10.200.8.0/24") };

        RoutePlanner.Plan(nodes, "w0", [], Connected).Skipped.Should().ContainSingle()
            .Which.Message.Should().Contain("next hop 10.240.0.20 is an address of this host");
    }

    [Fact]
    public void This_node_is_found_by_its_InternalIP_or_named_and_an_unknown_name_is_an_error()
    {
        SelfNode.Find(Seeds, null, Connected).Should().Be("w0");
        SelfNode.Find(Seeds, "w2", Connected).Should().Be("w2");
        var unknown = () => SelfNode.Find(Seeds, "w7", Connected);
        unknown.Should().Throw<NodeListException>().WithMessage("--node-name w7: no node of that name in the list (w0, w1, w2)");
        var stranger = () => SelfNode.Find(Seeds[1..], null, Connected);
        stranger.Should().Throw<NodeListException>().WithMessage("no node's InternalIP is an address of this host; pass --node-name*");
    }
}
