using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>Code 7: well-formed JSON that is not a usable config, with the offending field named in msg.</summary>
public sealed class InvalidConfigErrorTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","type":"bridge"}""")]
    [InlineData("""{"cniVersion":"1.0.0","name":"","type":"bridge"}""")]
    [InlineData("""{"cniVersion":"1.0.0","name":null,"type":"bridge"}""")]
    public void A_missing_network_name_is_code_7_naming_name(string config)
    {
        var run = CniRun.Invoke("ADD", config);

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain("name");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc")]
    [InlineData("..")]
    [InlineData("my net")]
    [InlineData("-net")]
    [InlineData("_net")]
    [InlineData("net\\u0000x")]
    public void An_invalid_network_name_is_code_7_before_anything_else_runs(string name)
    {
        var run = CniRun.Invoke("ADD", $$"""{"cniVersion":"1.0.0","name":"{{name}}","type":"bridge"}""");

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain("name").And.NotContain("\0");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":5,"type":"bridge"}""", "name")]
    [InlineData("""{"cniVersion":"1.0.0","name":["n"],"type":"bridge"}""", "name")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":true}""", "type")]
    [InlineData("""{"cniVersion":1.0,"name":"n","type":"bridge"}""", "cniVersion")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","dns":"8.8.8.8"}""", "dns")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","dns":{"nameservers":"8.8.8.8"}}""", "dns.nameservers")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","logFile":{}}""", "logFile")]
    public void A_common_key_of_the_wrong_type_is_code_7_naming_the_field(string config, string field)
    {
        var run = CniRun.Invoke("ADD", config);

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain($"\"{field}\"");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"ips":5}""", "prevResult.ips")]
    [InlineData("""{"ips":[{"address":"10.0.0.2/24","interface":"0"}]}""", "prevResult.ips[0].interface")]
    [InlineData("""{"interfaces":[{"name":7}]}""", "prevResult.interfaces[0].name")]
    public void A_prev_result_of_the_wrong_shape_is_code_7_naming_the_field_inside_it(string prevResult, string field)
    {
        var run = CniRun.Invoke("DEL", $$"""{"cniVersion":"1.0.0","name":"n","type":"bridge","prevResult":{{prevResult}}}""");

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain(field);
    }

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","ipMasq":"yes"}""", "ipMasq")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","isGateway":1}""", "isGateway")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","bridge":["cnio0"]}""", "bridge")]
    public void A_plugin_key_of_the_wrong_type_read_through_JsonFields_is_code_7_naming_the_field(string config, string field)
    {
        var plugin = new FakeCniPlugin
        {
            OnCall = invocation => FakeBridgeConfig.Read(invocation.Config.Root, string.Empty),
        };

        var run = CniRun.Invoke("ADD", config, plugin);

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain($"\"{field}\"");
    }

    [Fact]
    public void A_nested_section_is_named_with_its_prefix()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"isGateway":"no"}""");

        var act = () => FakeBridgeConfig.Read(doc.RootElement, "plugins[0]");

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidConfig && e.Message.Contains("\"plugins[0].isGateway\""));
    }
}
