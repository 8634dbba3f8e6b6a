using System.Net;
using K8sNet.Operator.Routes;

namespace K8sNet.Operator.Tests.Routes;

public sealed class NodeListJsonTests
{
    [Fact]
    public void A_NodeList_gives_each_node_its_InternalIPs_and_pod_CIDRs_and_the_lists_resourceVersion()
    {
        var list = NodeListJson.Parse(NodeLists.Bytes(NodeLists.List(
            NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24", "fd00:200::/64"),
            NodeLists.Node("w1", "10.240.0.21", "10.200.1.0/24"))));

        list.Problems.Should().BeEmpty();
        list.ResourceVersion.Should().Be("4242");
        list.Nodes.Should().HaveCount(2);
        list.Nodes[0].Name.Should().Be("w0");
        list.Nodes[0].InternalIps.Should().Equal(IPAddress.Parse("10.240.0.20"));
        list.Nodes[0].PodCidrs.Should().Equal(IPNetwork.Parse("10.200.0.0/24"), IPNetwork.Parse("fd00:200::/64"));
    }

    [Fact]
    public void Kubectls_List_kind_and_a_node_without_pod_CIDR_are_accepted()
    {
        var list = NodeListJson.Parse(NodeLists.Bytes(
            $$"""{"apiVersion":"v1","kind":"List","items":[{{NodeLists.Node("new", "10.240.0.29")}}]}"""));

        list.Problems.Should().BeEmpty();
        list.Nodes.Should().ContainSingle().Which.PodCidrs.Should().BeEmpty();
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "expected a NodeList object, found an array")]
    [InlineData("""{"kind":"PodList","items":[]}""", "kind is \"PodList\"")]
    [InlineData("""{"kind":"NodeList"}""", "no \"items\" array")]
    [InlineData("""{"kind":"NodeList","items":{}}""", "no \"items\" array")]
    public void A_document_that_is_not_a_node_list_is_refused_with_the_reason(string json, string reason)
    {
        var parse = () => NodeListJson.Parse(NodeLists.Bytes(json));

        parse.Should().Throw<NodeListException>().Which.Message.Should().Contain(reason);
    }

    [Theory]
    [InlineData("""{"metadata":{},"spec":{"podCIDR":"10.200.1.0/24"}}""", "items[0]: metadata.name: missing")]
    [InlineData("""{"metadata":{"name":7}}""", "items[0]: metadata.name: missing or not a string")]
    [InlineData("\"w1\"", "items[0]: (node): expected an object, found the string \"w1\"")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDR":"10.200.1.7/24"}}""", "node w1: spec.podCIDR: \"10.200.1.7/24\" is not a network: host bits are set (the network is 10.200.1.0/24)")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":["10.200.1.0"]}}""", "node w1: spec.podCIDRs[0]: \"10.200.1.0\" is not a CIDR")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":["10.200.1.0/33"]}}""", "the prefix length must be 0-32")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":["fd00::/129"]}}""", "the prefix length must be 0-128")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":["10.200/16"]}}""", "\"10.200\" is not an IPv4 or IPv6 address")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":"10.200.1.0/24"}}""", "spec.podCIDRs: expected an array of CIDRs")]
    [InlineData("""{"metadata":{"name":"w1"},"spec":{"podCIDRs":[24]}}""", "spec.podCIDRs[0]: expected a CIDR string, found the number 24")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":[{"type":"InternalIP","address":"10.240.0.300"}]}}""", "node w1: status.addresses[0].address: \"10.240.0.300\" is not an IPv4 or IPv6 address")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":[{"type":"InternalIP","address":"167772161"}]}}""", "\"167772161\" is not an IPv4 or IPv6 address")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":[{"type":"InternalIP","address":"fe80::1%eth0"}]}}""", "is not an IPv4 or IPv6 address")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":[{"type":"InternalIP"}]}}""", "an InternalIP without a string \"address\"")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":[{"address":"10.0.0.1"}]}}""", "expected an object with a string \"type\"")]
    [InlineData("""{"metadata":{"name":"w1"},"status":{"addresses":{"type":"InternalIP"}}}""", "status.addresses: expected an array")]
    public void A_node_with_an_unusable_field_is_a_problem_naming_node_field_and_value_and_gives_no_node(string node, string problem)
    {
        var list = NodeListJson.Parse(NodeLists.Bytes(NodeLists.List(node, NodeLists.Node("w2", "10.240.0.22", "10.200.2.0/24"))));

        list.Problems.Should().ContainSingle().Which.ToString().Should().Contain(problem);
        list.Nodes.Select(n => n.Name).Should().Equal("w2");
    }

    [Theory]
    [InlineData("10.200.1.0/24", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("fd00:10:244:1::/64", true)]
    [InlineData("fd00:10:244:1::1/64", false)]
    [InlineData("010.200.1.0/24", false)]
    [InlineData("10.200.1.0/-1", false)]
    [InlineData("10.200.1.0/", false)]
    [InlineData("::ffff:10.200.1.0/120", false)]
    public void Strict_CIDR_parsing_takes_only_networks_in_canonical_address_forms(string text, bool valid)
    {
        StrictIp.TryParseNetwork(text, out _, out var why).Should().Be(valid, why);
    }
}
