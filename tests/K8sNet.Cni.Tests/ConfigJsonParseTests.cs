using System.Text;
using System.Text.Json;

namespace K8sNet.Cni.Tests;

/// <summary>
/// Configs of every length around the padding threshold of <see cref="ConfigJson.Parse"/> (short configs get trailing
/// whitespace so JsonDocument's row table and parse stack never share an ArrayPool bucket) read back exactly as written.
/// </summary>
public sealed class ConfigJsonParseTests
{
    [Fact]
    public void A_config_of_any_length_reads_back_exactly_as_written()
    {
        for (var padding = 0; padding <= 600; padding++)
        {
            var json = $$"""{"cniVersion":"1.0.0","name":"n","type":"portmap","pad":"{{new string('x', padding)}}","ports":[1,2,3,{"a":[true,null]}]}""";

            var root = ConfigJson.Parse(Encoding.UTF8.GetBytes(json));

            root.GetRawText().Should().Be(json, $"length {json.Length}");
            root.GetProperty("pad").GetString().Should().HaveLength(padding);
            root.GetProperty("ports")[3].GetProperty("a")[0].GetBoolean().Should().BeTrue();
        }
    }

    [Fact]
    public void A_short_config_that_ends_mid_document_is_still_refused_as_undecodable()
    {
        var act = () => ConfigJson.Parse(Encoding.UTF8.GetBytes("""{"cniVersion":"1.0.0","name":"""));

        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.DecodingFailure);
    }
}
