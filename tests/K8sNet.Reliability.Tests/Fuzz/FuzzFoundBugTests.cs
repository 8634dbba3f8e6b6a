using System.Text;
using K8sNet.Cni;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>The smallest inputs for the crashes the fuzz run found (see <see cref="KnownFuzzBugs"/>).</summary>
public sealed class FuzzFoundBugTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","ipam":{"type":"host-local","ranges":[[null]]}}""", "ranges")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24"}]],"routes":[null]}}""", "routes")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24"}]]},"runtimeConfig":{"ipRanges":[[null]]}}""", "ipRanges")]
    public void A_null_in_an_ipam_list_is_code_7_naming_the_field(string config, string field)
    {
        var (code, message) = Dispatch(Encoding.UTF8.GetBytes(config));

        code.Should().Be(CniErrorCode.InvalidConfig);
        message.Should().Contain(field);
    }

    [Fact]
    public void Invalid_utf8_inside_cni_version_is_code_6()
    {
        byte[] config = [.. "{\"cniVersion\":\"1.0."u8, 0xb5, .. "\",\"name\":\"n\",\"type\":\"bridge\"}"u8];

        var (code, message) = Dispatch(config);

        code.Should().Be(CniErrorCode.DecodingFailure);
        message.Should().Contain("UTF-8");
    }

    [Fact]
    public void A_nul_in_data_dir_is_code_7()
    {
        var (code, message) = Dispatch(Encoding.UTF8.GetBytes("""{"cniVersion":"1.0.0","name":"n","type":"bridge","ipam":{"type":"host-local","dataDir":"/tmp/a\u0000b","ranges":[[{"subnet":"10.0.0.0/24"}]]}}"""));

        code.Should().Be(CniErrorCode.InvalidConfig);
        message.Should().Contain("dataDir");
    }

    private static (CniErrorCode? Code, string? Message) Dispatch(byte[] stdin)
    {
        var env = new MemoryEnvironment(
            new Dictionary<string, string> { ["CNI_COMMAND"] = "ADD", ["CNI_CONTAINERID"] = "c", ["CNI_NETNS"] = "/run/netns/x", ["CNI_IFNAME"] = "eth0" },
            stdin);
        var outcome = new PluginDispatcher(env, _ => NullLogger.Instance).Run(new ParsingPlugin());
        return (outcome.ErrorCode, outcome.ErrorMessage);
    }
}
