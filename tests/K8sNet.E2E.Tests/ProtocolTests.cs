using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>The protocol as a runtime meets it: the published binary, env + stdin, one JSON document on stdout.</summary>
public sealed class ProtocolTests
{
    [Theory]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Version_echoes_the_input_version_and_lists_every_supported_one(string version)
    {
        var run = PublishedBinary.Run(Env(("CNI_COMMAND", "VERSION")), $"{{\"cniVersion\":\"{version}\"}}");

        run.ExitCode.Should().Be(0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        doc.RootElement.GetProperty("cniVersion").GetString().Should().Be(version);
        doc.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(e => e.GetString())
            .Should().Equal("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    }

    [Fact]
    public void Garbage_on_stdin_for_add_is_a_decoding_error_with_code_6()
    {
        var run = PublishedBinary.Run(AddEnv(), "this is { not json");

        run.ExitCode.Should().NotBe(0);
        var error = ParseError(run.Stdout);
        error.Code.Should().Be(6);
        error.Msg.Should().Contain("decode");
    }

    [Fact]
    public void A_missing_variable_is_named_in_a_code_4_error()
    {
        var env = AddEnv();
        env["CNI_IFNAME"] = null;

        var run = PublishedBinary.Run(env, SeedConfig);

        run.ExitCode.Should().NotBe(0);
        var error = ParseError(run.Stdout);
        error.Code.Should().Be(4);
        error.Msg.Should().Contain("CNI_IFNAME");
    }

    [Fact]
    public void An_unsupported_config_version_is_refused_with_code_1_listing_the_supported_ones()
    {
        var run = PublishedBinary.Run(AddEnv(), SeedConfig.Replace("0.3.1", "9.9.9"));

        var error = ParseError(run.Stdout);
        run.ExitCode.Should().NotBe(0);
        error.Code.Should().Be(1);
        error.Msg.Should().Contain("9.9.9").And.Contain("1.1.0").And.Contain("0.3.0");
    }

    [Fact]
    public void An_invalid_container_id_is_refused_before_anything_is_touched()
    {
        var env = AddEnv();
        env["CNI_CONTAINERID"] = "../../etc";

        var run = PublishedBinary.Run(env, SeedConfig);

        var error = ParseError(run.Stdout);
        error.Code.Should().Be(4);
        error.Msg.Should().Contain("CNI_CONTAINERID");
    }

    [Fact]
    public void Without_cni_command_a_person_gets_help_instead_of_a_hang_on_stdin()
    {
        var run = Command.Run(PublishedBinary.Path, ["--help"], stdin: null, timeout: TimeSpan.FromSeconds(10));

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("Usage").And.Contain("version");
    }

    internal const string SeedConfig =
        """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""";

    private static Dictionary<string, string?> AddEnv() => Env(
        ("CNI_COMMAND", "ADD"),
        ("CNI_CONTAINERID", "e2e-protocol"),
        ("CNI_NETNS", "/run/netns/k8snet-does-not-exist"),
        ("CNI_IFNAME", "eth0"),
        ("CNI_PATH", "/opt/cni/bin"));

    private static Dictionary<string, string?> Env(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static (int Code, string Msg) ParseError(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["cniVersion", "code", "msg", "details"]);
        return (root.GetProperty("code").GetInt32(), root.GetProperty("msg").GetString()!);
    }
}
