using System.Text;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>Code 6 (stdin is not a JSON config) and code 5 (stdin cannot be read), SPEC §5 "Error".</summary>
public sealed class DecodingErrorTests
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("""{"cniVersion":"1.0.0","name":""")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge""")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge"}{}""")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"bridge"} x""")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n",}""")]
    [InlineData("""{"cniVersion":"1.0.0" /* comment */ ,"name":"n"}""")]
    [InlineData("""{'cniVersion':'1.0.0'}""")]
    public void Stdin_that_is_not_one_json_document_is_code_6(string stdin)
    {
        var run = CniRun.Invoke("ADD", stdin);

        run.ShouldFailWith(CniErrorCode.DecodingFailure).Should().Contain("decode");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"bridge\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Json_that_is_not_an_object_is_code_6(string stdin)
    {
        var run = CniRun.Invoke("ADD", stdin);

        run.ShouldFailWith(CniErrorCode.DecodingFailure);
    }

    [Fact]
    public void Invalid_utf8_is_code_6()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"cniVersion":"1.0.0","name":"n?","type":"bridge"}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xff;

        var run = CniRun.Invoke(CniRun.EnvFor("ADD"), bytes);

        run.ShouldFailWith(CniErrorCode.DecodingFailure);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_code_6()
    {
        var deep = new string('[', 100) + new string(']', 100);

        var run = CniRun.Invoke("ADD", $$"""{"cniVersion":"1.0.0","name":"n","type":"bridge","x":{{deep}}}""");

        run.ShouldFailWith(CniErrorCode.DecodingFailure);
    }

    [Fact]
    public void Stdin_over_one_mebibyte_is_code_6_without_being_parsed()
    {
        var padded = TestConfigs.Minimal("1.0.0") + new string(' ', ConfigJson.MaxConfigBytes);

        var run = CniRun.Invoke("ADD", padded);

        run.ShouldFailWith(CniErrorCode.DecodingFailure).Should().Contain(ConfigJson.MaxConfigBytes.ToString());
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Stdin_of_exactly_one_mebibyte_is_still_read()
    {
        var config = TestConfigs.Minimal("1.0.0");
        var padded = config + new string(' ', ConfigJson.MaxConfigBytes - config.Length);

        var run = CniRun.Invoke("ADD", padded);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
    }

    [Fact]
    public void A_stdin_that_cannot_be_read_is_code_5()
    {
        var run = CniRun.Invoke(CniRun.EnvFor("ADD"), new FailingStream());

        run.ShouldFailWith(CniErrorCode.IoFailure).Should().Contain("stdin");
    }
}
