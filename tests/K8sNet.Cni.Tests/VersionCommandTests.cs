using System.Text.Json;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>VERSION (SPEC §5 "VERSION Success"): echo the input's cniVersion and list what K8sNet speaks.</summary>
public sealed class VersionCommandTests
{
    private static readonly string[] Supported = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Version_echoes_the_input_version_and_lists_the_five_supported(string version)
    {
        var run = CniRun.Invoke("VERSION", $$"""{"cniVersion":"{{version}}"}""");

        run.Outcome.ExitCode.Should().Be(0);
        var json = run.Json;
        json.EnumerateObject().Select(p => p.Name).Should().Equal("cniVersion", "supportedVersions");
        json.GetProperty("cniVersion").GetString().Should().Be(version);
        json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).Should().Equal(Supported);
    }

    [Fact]
    public void Version_echoes_an_unknown_input_version_as_the_spec_says()
    {
        CniRun.Invoke("VERSION", """{"cniVersion":"9.9.9"}""").Json.GetProperty("cniVersion").GetString().Should().Be("9.9.9");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("garbage")]
    [InlineData("""{"cniVersion":5}""")]
    [InlineData("[\"1.0.0\"]")]
    public void Version_without_a_readable_input_version_answers_in_the_newest(string stdin)
    {
        var run = CniRun.Invoke("VERSION", stdin);

        run.Outcome.ExitCode.Should().Be(0);
        run.Json.GetProperty("cniVersion").GetString().Should().Be("1.1.0");
    }

    [Fact]
    public void Version_finds_cniVersion_after_other_keys()
    {
        var stdin = """{"name":"n","ipam":{"cniVersion":"0.3.0"},"plugins":[1,2],"cniVersion":"0.4.0"}""";

        CniRun.Invoke("VERSION", stdin).Json.GetProperty("cniVersion").GetString().Should().Be("0.4.0");
    }

    [Fact]
    public void Version_needs_no_other_variable_and_never_calls_the_plugin()
    {
        var run = CniRun.Invoke(new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, """{"cniVersion":"1.0.0"}""");

        run.Outcome.ExitCode.Should().Be(0);
        run.Plugin.Calls.Should().BeEmpty();
        run.Env.Requested.Should().NotContain(["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"]);
    }

    [Fact]
    public void The_supported_list_matches_what_the_version_type_accepts()
    {
        CniVersion.SupportedStrings.Should().Equal(Supported);
        CniVersion.Supported.Select(v => v.ToString()).Should().Equal(Supported);
        Supported.Should().OnlyContain(s => CniVersion.ParseSupported(s).IsSupported);
    }

    [Fact]
    public void Version_output_is_compact_json_without_a_trailing_newline()
    {
        var run = CniRun.Invoke("VERSION", """{"cniVersion":"1.0.0"}""");

        run.Stdout.Should().Be("""{"cniVersion":"1.0.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}""");
        run.Json.ValueKind.Should().Be(JsonValueKind.Object);
    }
}
