using K8sNet.Agent.Watch;
using K8sNet.Operator.Routes;
using K8sNet.Operator.Tests.Routes;

namespace K8sNet.Agent.Tests;

/// <summary>
/// The streamed list read (one item at a time, docs/agent-scale.md) must give exactly what the whole-document
/// parser gives, whatever sizes the network cuts the body into, and refuse the same shapes.
/// </summary>
public sealed class NodeListStreamTests
{
    private static readonly string Good = NodeLists.List(
        NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24"),
        NodeLists.Node("w1", "10.240.0.21", "10.200.1.0/24", "fd00:10:200:1::/64"),
        NodeLists.Node("bad", "10.240.0.22", "10.200.2.7/24"),
        NodeLists.Node("w3", "not-an-ip", "10.200.3.0/24"),
        NodeLists.Node("w4", "10.240.0.24"));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Any_chunking_gives_the_nodes_problems_and_resourceVersion_of_the_whole_parse(int chunk)
    {
        var expected = NodeListJson.Parse(NodeLists.Bytes(Good));

        var streamed = await NodeListStream.ReadAsync(new Trickle(NodeLists.Bytes(Good), chunk), CancellationToken.None);

        streamed.ResourceVersion.Should().Be(expected.ResourceVersion).And.NotBeNull();
        streamed.Nodes.Should().BeEquivalentTo(expected.Nodes, o => o.WithStrictOrdering());
        streamed.Problems.Should().BeEquivalentTo(expected.Problems, o => o.WithStrictOrdering());
        streamed.Nodes.Should().NotBeEmpty();
        streamed.Problems.Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_item_larger_than_the_read_window_is_read_whole()
    {
        var big = NodeLists.Node("big", "10.240.0.30", "10.200.30.0/24").Replace("\"metadata\":{", $"\"metadata\":{{\"annotations\":{{\"a\":\"{new string('x', 300_000)}\"}},", StringComparison.Ordinal);
        var list = NodeLists.List(big, NodeLists.Node("w1", "10.240.0.21", "10.200.1.0/24"));

        var streamed = await NodeListStream.ReadAsync(new Trickle(NodeLists.Bytes(list), 8192), CancellationToken.None);

        streamed.Nodes.Select(n => n.Name).Should().Equal(NodeListJson.Parse(NodeLists.Bytes(list)).Nodes.Select(n => n.Name)).And.Contain("big");
    }

    [Fact]
    public async Task An_item_larger_than_any_Node_can_be_is_refused_not_buffered()
    {
        var huge = "{\"kind\":\"NodeList\",\"items\":[{\"a\":\"" + new string('x', NodeListStream.MaxItemBytes + 1) + "\"}]}";

        var streamed = () => NodeListStream.ReadAsync(new Trickle(NodeLists.Bytes(huge), 1 << 20), CancellationToken.None);

        await streamed.Should().ThrowAsync<NodeListException>().WithMessage("*larger than 8 MiB*");
    }

    [Theory]
    [InlineData("{\"kind\":\"NodeList\",\"items\":[", "not JSON")]
    [InlineData("nope", "not JSON")]
    [InlineData("[]", "expected a NodeList object")]
    [InlineData("{\"kind\":\"PodList\",\"items\":[]}", "kind is \"PodList\"")]
    [InlineData("{\"kind\":\"NodeList\"}", "no \"items\" array")]
    [InlineData("{\"kind\":\"NodeList\",\"items\":5}", "no \"items\" array")]
    public async Task A_body_that_is_no_NodeList_is_refused_as_the_whole_parse_refuses_it(string body, string message)
    {
        var whole = () => NodeListJson.Parse(NodeLists.Bytes(body));
        var streamed = () => NodeListStream.ReadAsync(new Trickle(NodeLists.Bytes(body), 3), CancellationToken.None);

        whole.Should().Throw<NodeListException>().WithMessage($"*{message}*");
        await streamed.Should().ThrowAsync<NodeListException>().WithMessage($"*{message}*");
    }

    /// <summary>A body that arrives at most <paramref name="chunk"/> bytes per read, as a network may cut it.</summary>
    private sealed class Trickle(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
