using System.Net;
using System.Text;
using K8sNet.Agent.Api;
using K8sNet.Agent.Watch;
using K8sNet.Operator.Routes;
using K8sNet.Operator.Tests.Routes;

namespace K8sNet.Agent.Tests;

public sealed class WatchParsingTests
{
    private static NodeWatchEvent Event(string type, string obj) => NodeWatchEvent.Parse(NodeLists.Bytes($$"""{"type":"{{type}}","object":{{obj}}}"""));

    [Fact]
    public void The_five_event_types_are_read_as_the_API_server_writes_them()
    {
        var added = Event("ADDED", NodeLists.Node("w3", "10.240.0.23", "10.200.3.0/24").Replace("\"17\"", "\"101\"", StringComparison.Ordinal));
        var deleted = Event("DELETED", NodeLists.Node("w2", "10.240.0.22", "10.200.2.0/24"));
        var bookmark = Event("BOOKMARK", """{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"120","annotations":{"k8s.io/initial-events-end":"true"}}}""");
        var gone = Event("ERROR", """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (200)","reason":"Expired","code":410}""");

        added.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Added && e.Name == "w3" && e.ResourceVersion == "101" && e.Node!.PodCidrs.Count == 1);
        deleted.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Deleted && e.Name == "w2");
        bookmark.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Bookmark && e.ResourceVersion == "120" && e.Node == null);
        gone.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Error && e.ErrorCode == 410 && e.ErrorMessage!.StartsWith("too old"));
        Event("MODIFIED", NodeLists.Node("w1", "10.240.0.21", "10.200.1.0/24")).Type.Should().Be(WatchEventType.Modified);
    }

    [Theory]
    [InlineData("{\"type\":\"ADDED\"", "not JSON")]
    [InlineData("[1]", "not an event")]
    [InlineData("{\"type\":\"ADDED\",\"object\":\"w1\"}", "not an event")]
    [InlineData("{\"type\":\"RENAMED\",\"object\":{}}", "unknown event type \"RENAMED\"")]
    public void A_line_that_is_not_an_event_is_an_error_not_a_crash(string line, string message)
    {
        var parse = () => NodeWatchEvent.Parse(Encoding.UTF8.GetBytes(line));

        parse.Should().Throw<WatchStreamException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void A_bad_node_version_never_replaces_the_good_one_and_a_heartbeat_changes_nothing()
    {
        var cache = new NodeCache();
        var warnings = new List<string>();
        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.Seeds())), warnings.Add);

        var bad = cache.Apply(Event("MODIFIED", NodeLists.Node("w1", "10.240.0.21", "10.200.1.9/24")), warnings.Add);
        var heartbeat = cache.Apply(Event("MODIFIED", NodeLists.Node("w2", "10.240.0.22", "10.200.2.0/24")), warnings.Add);
        var moved = cache.Apply(Event("MODIFIED", NodeLists.Node("w2", "10.240.0.32", "10.200.2.0/24")), warnings.Add);
        var gone = cache.Apply(Event("DELETED", NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24")), warnings.Add);

        (bad, heartbeat, moved, gone).Should().Be((false, false, true, true));
        warnings.Should().ContainSingle().Which.Should().Contain("node w1: spec.podCIDR").And.EndWith("its last good version is kept");
        cache.Nodes.Select(n => $"{n.Name} {n.InternalIps[0]} {n.PodCidrs[0]}").Should().Equal("w1 10.240.0.21 10.200.1.0/24", "w2 10.240.0.32 10.200.2.0/24");
        cache.ResourceVersion.Should().Be("17");
    }

    [Fact]
    public void A_relist_keeps_the_last_good_version_of_a_node_that_now_has_a_problem()
    {
        var cache = new NodeCache();
        var warnings = new List<string>();
        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.Seeds())), warnings.Add);

        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.List(
            NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24"), NodeLists.Node("w1", "10.240.0.300", "10.200.1.0/24")))), warnings.Add);

        cache.Nodes.Select(n => n.Name).Should().Equal("w0", "w1");
        cache.Nodes[1].InternalIps.Should().Equal(IPAddress.Parse("10.240.0.21"));
        cache.ResourceVersion.Should().Be("4242");
    }
}
