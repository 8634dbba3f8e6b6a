using System.Text.Json;
using K8sNet.Operator.Rendering;

namespace K8sNet.Operator.Tests;

public sealed class RenderingTests
{
    private static readonly Inspection.NodeView Broken = NodeViews.View(
        [NodeViews.Healthy("a", 5, "10.200.0.2"), NodeViews.Attachment("dead", "10.200.0.3", netnsExists: false)],
        extraPorts: [NodeViews.Veth("vethlost", 9)]);

    [Fact]
    public void Table_shows_the_pod_end_as_eth0_at_peer_index_and_lists_the_findings()
    {
        var text = TableRenderer.Render(Broken);

        text.Should().Contain("eth0@if5").And.Contain("vetha@if2").And.Contain("inode 4026532000")
            .And.Contain("default via 10.200.0.1 dev eth0").And.Contain("2 finding(s)")
            .And.Contain("LeaseWithoutNetns").And.Contain("VethWithoutLease").And.Contain("7 pkts");
    }

    [Fact]
    public void Json_is_one_document_with_attachments_and_collectable_findings()
    {
        using var doc = JsonDocument.Parse(JsonRenderer.Render(Broken));
        var root = doc.RootElement;

        var attachments = root.GetProperty("networks")[0].GetProperty("attachments");
        attachments.GetArrayLength().Should().Be(2);
        attachments[0].GetProperty("hostVeth").GetProperty("index").GetInt32().Should().Be(5);
        attachments[1].GetProperty("pod").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).Should().Equal("LeaseWithoutNetns", "VethWithoutLease");
        root.GetProperty("findings")[0].GetProperty("collectable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Dot_draws_pod_to_veth_to_bridge_to_node_and_marks_broken_parts_red()
    {
        var dot = DotRenderer.Render(Broken);

        dot.Should().StartWith("digraph k8snet {").And.EndWith("}\n");
        dot.Should().Contain("pod_bridge_a_eth0 -> veth_5").And.Contain("veth_5 -> br_bridge").And.Contain("br_bridge -> node_ns");
        dot.Should().Contain("pod_bridge_dead_eth0 -> br_bridge [style=dashed, color=red");
        dot.Should().Contain("vethlost\\nno lease");
    }

    [Theory]
    [InlineData(30, "30s")]
    [InlineData(600, "10m")]
    [InlineData(7200, "2h")]
    [InlineData(3 * 86400, "3d")]
    public void Ages_read_like_kubectl(int seconds, string expected)
    {
        Age.Format(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }
}
