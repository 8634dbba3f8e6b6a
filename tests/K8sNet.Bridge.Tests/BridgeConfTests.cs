using System.Text;
using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Bridge.Tests;

public sealed class BridgeConfTests
{
    [Fact]
    public void Seed_config_reads_with_the_reference_defaults_for_everything_it_does_not_set()
    {
        var conf = Load("""{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]]}}""");

        conf.BridgeName.Should().Be("cnio0");
        conf.IsGateway.Should().BeTrue();
        conf.IpMasq.Should().BeTrue();
        conf.IsDefaultGateway.Should().BeFalse();
        conf.HairpinMode.Should().BeFalse();
        conf.Mtu.Should().BeNull();
        conf.Vlan.Should().Be(0);
    }

    [Fact]
    public void Bridge_name_defaults_to_cni0()
    {
        Load("""{"cniVersion":"1.0.0","name":"n","type":"bridge"}""").BridgeName.Should().Be("cni0");
    }

    [Theory]
    [InlineData("""{"hairpinMode":true,"promiscMode":true}""", "hairpinMode")]
    [InlineData("""{"vlan":4095}""", "vlan")]
    [InlineData("""{"mtu":20}""", "mtu")]
    [InlineData("""{"ipMasqBackend":"pf"}""", "ipMasqBackend")]
    [InlineData("""{"bridge":"a-name-that-is-too-long"}""", "bridge")]
    [InlineData("""{"isGateway":"yes"}""", "isGateway")]
    public void Bad_options_are_invalid_config_naming_the_field(string options, string field)
    {
        var json = """{"cniVersion":"1.0.0","name":"n","type":"bridge",""" + options[1..];

        var act = () => Load(json);

        act.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidConfig && e.Message.Contains(field));
    }

    [Fact]
    public void No_option_of_the_reference_is_refused()
    {
        // Every key of the reference's NetConf (plugins/main/bridge/bridge.go), each set to a non-default value; vlan
        // and vlanTrunk in two configs, since the reference refuses them together (VlanTrunkTests).
        const string Keys = """
            "cniVersion":"1.0.0","name":"n","type":"bridge","bridge":"br9","isGateway":true,"isDefaultGateway":true,
             "forceAddress":true,"ipMasq":true,"ipMasqBackend":"nftables","mtu":1400,"hairpinMode":true,"promiscMode":false,
             "preserveDefaultVlan":true,"macspoofchk":true,
             "enabledad":true,"disableContainerInterface":false,"portIsolation":true,
             "args":{"cni":{"mac":"c2:00:00:00:00:01"}},"runtimeConfig":{"mac":"c2:11:22:33:44:55"}
            """;
        var access = Load("{" + Keys + ""","vlan":10}""");
        var trunk = Load("{" + Keys + ""","vlanTrunk":[{"id":20},{"minID":30,"maxID":40}]}""");

        access.VlanGatewayName.Should().Be("br9.10");
        trunk.TrunkVlans.Select(r => r.ToString()).Should().Equal("20", "30-40");
    }

    [Fact]
    public void Requested_mac_prefers_runtime_config_then_args_then_cni_args()
    {
        var conf = Load("""{"cniVersion":"1.0.0","name":"n","type":"bridge","runtimeConfig":{"mac":"c2:11:22:33:44:55"},"args":{"cni":{"mac":"c2:00:00:00:00:01"}}}""");

        BridgeConfLoader.RequestedMac(conf, CniArgs.Parse("MAC=c2:00:00:00:00:02"))!.Value.ToString().Should().Be("c2:11:22:33:44:55");
        conf.RuntimeConfig = null;
        BridgeConfLoader.RequestedMac(conf, CniArgs.Parse("MAC=c2:00:00:00:00:02"))!.Value.ToString().Should().Be("c2:00:00:00:00:01");
        conf.Args = null;
        BridgeConfLoader.RequestedMac(conf, CniArgs.Parse("MAC=c2:00:00:00:00:02"))!.Value.ToString().Should().Be("c2:00:00:00:00:02");
        BridgeConfLoader.RequestedMac(conf, CniArgs.Empty).Should().BeNull();
    }

    [Theory]
    [InlineData("zz:11:22:33:44:55")]
    [InlineData("c2:11:22:33:44")]
    [InlineData("01:00:5e:00:00:01")]
    public void A_bad_or_multicast_mac_is_refused_naming_its_source(string mac)
    {
        var conf = Load("""{"cniVersion":"1.0.0","name":"n","type":"bridge"}""");

        var act = () => BridgeConfLoader.RequestedMac(conf, CniArgs.Parse($"MAC={mac}"));

        act.Should().Throw<CniException>().Where(e => e.Message.Contains("CNI_ARGS MAC"));
    }

    [Fact]
    public void Mac_from_ipv4_is_0a58_followed_by_the_address_as_in_the_seeds()
    {
        PodMac.FromIPv4(System.Net.IPAddress.Parse("10.200.0.2")).ToString().Should().Be("0a:58:0a:c8:00:02");
    }

    private static BridgeConf Load(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var netConf = NetConfJson.Read(ConfigJson.Parse(bytes));
        var request = new CniRequest(CniCommand.Add, "c1", "/run/netns/x", "eth0", CniArgs.Empty, string.Empty, [], bytes);
        return BridgeConfLoader.Load(new CniInvocation(request, netConf, CniVersion.V100, null, NullLogger.Instance));
    }
}
