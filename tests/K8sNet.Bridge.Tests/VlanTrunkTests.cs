using System.Text;
using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Bridge.Tests;

/// <summary>vlanTrunk with the reference's rules and messages (collectVlanTrunk), and the VLAN gateway's name.</summary>
public sealed class VlanTrunkTests
{
    [Fact]
    public void Ids_and_ranges_become_sorted_merged_ranges()
    {
        var conf = Load("""{"vlanTrunk":[{"id":101},{"minID":200,"maxID":205},{"id":1},{"minID":203,"maxID":210,"id":5},{"id":102}]}""");

        conf.TrunkVlans.Select(r => r.ToString()).Should().Equal("1", "5", "101-102", "200-210");
        conf.VlanFiltering.Should().BeTrue();
    }

    [Fact]
    public void The_whole_id_space_is_one_range()
    {
        Load("""{"vlanTrunk":[{"minID":1,"maxID":4094}]}""").TrunkVlans.Select(r => r.ToString()).Should().Equal("1-4094");
    }

    [Fact]
    public void An_empty_trunk_names_no_vlan_but_turns_filtering_on_as_in_the_reference()
    {
        var conf = Load("""{"vlanTrunk":[]}""");

        conf.TrunkVlans.Should().BeEmpty();
        conf.VlanFiltering.Should().BeTrue("the reference enables vlan_filtering for any vlanTrunk key");
        Load("""{"vlanTrunk":null}""").VlanFiltering.Should().BeFalse();
        Load("""{"bridge":"cnio0"}""").VlanFiltering.Should().BeFalse();
    }

    [Theory]
    [InlineData("""[{"minID":0,"maxID":10}]""", "vlanTrunk[0]", "incorrect trunk minID parameter")]
    [InlineData("""[{"id":3},{"minID":4095,"maxID":4095}]""", "vlanTrunk[1]", "incorrect trunk minID parameter")]
    [InlineData("""[{"minID":10,"maxID":4095}]""", "vlanTrunk[0]", "incorrect trunk maxID parameter")]
    [InlineData("""[{"minID":10,"maxID":-1}]""", "vlanTrunk[0]", "incorrect trunk maxID parameter")]
    [InlineData("""[{"minID":20,"maxID":10}]""", "vlanTrunk[0]", "minID is greater than maxID in trunk parameter")]
    [InlineData("""[{"minID":20}]""", "vlanTrunk[0]", "minID and maxID should be configured simultaneously, maxID is missing")]
    [InlineData("""[{"maxID":20}]""", "vlanTrunk[0]", "minID and maxID should be configured simultaneously, minID is missing")]
    [InlineData("""[{"id":0}]""", "vlanTrunk[0]", "incorrect trunk id parameter")]
    [InlineData("""[{"id":4095}]""", "vlanTrunk[0]", "incorrect trunk id parameter")]
    [InlineData("""[{"minID":1,"maxID":2,"id":5000}]""", "vlanTrunk[0]", "incorrect trunk id parameter")]
    public void Bad_entries_are_code_7_with_the_reference_message_and_the_entry(string trunk, string field, string referenceMessage)
    {
        var act = () => Load($$"""{"vlanTrunk":{{trunk}}}""");

        act.Should().Throw<CniException>().Where(e =>
            e.Code == CniErrorCode.InvalidConfig && e.Message.Contains($"{field}: {referenceMessage}"));
    }

    [Theory]
    [InlineData("""{"vlan":100,"vlanTrunk":[{"id":5}]}""")]
    [InlineData("""{"vlan":1,"vlanTrunk":[{"minID":10,"maxID":20}]}""")]
    [InlineData("""{"vlan":100,"vlanTrunk":[]}""")]
    public void Vlan_with_vlanTrunk_is_code_7_naming_both_as_the_reference_refuses_it(string options)
    {
        var act = () => Load(options);

        act.Should().Throw<CniException>().Where(e =>
            e.Code == CniErrorCode.InvalidConfig && e.Message.Contains("vlan: cannot set vlan and vlanTrunk at the same time"));
    }

    [Fact]
    public void Vlan_with_a_null_trunk_or_vlan_0_with_a_trunk_is_accepted_as_in_the_reference()
    {
        Load("""{"vlan":100,"vlanTrunk":null}""").Vlan.Should().Be(100);
        Load("""{"vlan":0,"vlanTrunk":[{"id":5}]}""").TrunkVlans.Should().ContainSingle();
    }

    [Theory]
    [InlineData("""{"vlanTrunk":{"id":1}}""", "vlanTrunk")]
    [InlineData("""{"vlanTrunk":[7]}""", "vlanTrunk[0]")]
    [InlineData("""{"vlanTrunk":[null]}""", "vlanTrunk[0]")]
    [InlineData("""{"vlanTrunk":[{"id":"7"}]}""", "vlanTrunk[0].id")]
    [InlineData("""{"vlanTrunk":[{"minID":1.5,"maxID":3}]}""", "vlanTrunk[0].minID")]
    public void Entries_of_the_wrong_shape_are_code_7_naming_the_path(string options, string path)
    {
        var act = () => Load(options);

        act.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidConfig && e.Message.Contains($"\"{path}\""));
    }

    [Fact]
    public void Vlan_gateway_interface_is_bridge_dot_vlan_only_for_a_gateway_with_a_vlan()
    {
        Load("""{"bridge":"cnio0","isGateway":true,"vlan":100}""").VlanGatewayName.Should().Be("cnio0.100");
        Load("""{"bridge":"cnio0","isDefaultGateway":true,"vlan":7}""").VlanGatewayName.Should().Be("cnio0.7");
        Load("""{"bridge":"cnio0","vlan":100}""").VlanGatewayName.Should().BeNull();
        Load("""{"bridge":"cnio0","isGateway":true,"vlanTrunk":[{"id":5}]}""").VlanGatewayName.Should().BeNull("a trunk alone keeps the gateway on the bridge");
    }

    [Fact]
    public void A_vlan_gateway_name_longer_than_15_bytes_is_refused_before_anything_is_made()
    {
        var act = () => Load("""{"bridge":"bridge-1234","isGateway":true,"vlan":4000}""");

        act.Should().Throw<CniException>().Where(e =>
            e.Code == CniErrorCode.InvalidConfig && e.Message.Contains("vlan") && e.Message.Contains("bridge-1234.4000"));
    }

    private static BridgeConf Load(string options)
    {
        var json = """{"cniVersion":"1.0.0","name":"n","type":"bridge",""" + options[1..];
        var bytes = Encoding.UTF8.GetBytes(json);
        var netConf = NetConfJson.Read(ConfigJson.Parse(bytes));
        var request = new CniRequest(CniCommand.Add, "c1", "/run/netns/x", "eth0", CniArgs.Empty, string.Empty, [], bytes);
        return BridgeConfLoader.Load(new CniInvocation(request, netConf, CniVersion.V100, null, NullLogger.Instance));
    }
}
