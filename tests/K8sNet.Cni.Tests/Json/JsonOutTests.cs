using System.Text;
using System.Text.Json;
using K8sNet.Cni.Json;

namespace K8sNet.Cni.Tests.Json;

public class JsonOutTests
{
    [Fact]
    public void Writes_compact_json_leaving_out_unset_members_and_keeping_empty_lists()
    {
        var text = new JsonOut().BeginObject().String("a", "x").StringIfSet("b", null).NumberIfSet("c", null).Number("d", 7)
            .StringsIfSet("e", []).StringsIfSet("f", null).BeginObject("g").EndObject()
            .BeginArray("h").BeginObject().String("i", "j").EndObject().BeginObject().EndObject().EndArray()
            .EndObject().ToString();

        text.Should().Be("""{"a":"x","d":7,"e":[],"g":{},"h":[{"i":"j"},{}]}""");
    }

    [Theory]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("back\\slash", """back\\slash""")]
    [InlineData("line\nbreak\ttab\rret", """line\nbreak\ttab\rret""")]
    [InlineData("nul\0bell\a", """nul\u0000bell\u0007""")]
    [InlineData("<a&b>", """\u003ca\u0026b\u003e""")]
    [InlineData("don't é 字", "don't é 字")]
    [InlineData("sep\u2028", """sep\u2028""")]
    public void Escapes_strings_as_the_reference_plugins_Go_encoder_does(string value, string escaped)
    {
        var text = new JsonOut().BeginObject().String("m", value).EndObject().ToString();

        text.Should().Be($$"""{"m":"{{escaped}}"}""");
        JsonDocument.Parse(Encoding.UTF8.GetBytes(text)).RootElement.GetProperty("m").GetString().Should().Be(value);
    }
}
