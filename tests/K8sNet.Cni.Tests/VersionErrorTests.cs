using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>Code 1: a cniVersion K8sNet does not speak, or a verb the config's version does not have (libcni api.go).</summary>
public sealed class VersionErrorTests
{
    [Theory]
    [InlineData("9.9.9")]
    [InlineData("0.2.0")]
    [InlineData("0.1.0")]
    [InlineData("1.2.0")]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("")]
    public void An_unsupported_config_version_is_refused_with_code_1_listing_what_is_supported(string version)
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Minimal(version));

        var msg = run.ShouldFailWith(CniErrorCode.IncompatibleVersion);
        msg.Should().ContainAll("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
        run.Json.GetProperty("details").GetString().Should().Contain("1.1.0");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Fact]
    public void A_config_without_cniVersion_is_refused_with_code_1()
    {
        var run = CniRun.Invoke("ADD", """{"name":"k8snet","type":"bridge"}""");

        run.ShouldFailWith(CniErrorCode.IncompatibleVersion);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    public void Check_before_0_4_0_is_refused_with_code_1(string version)
    {
        var run = CniRun.Invoke("CHECK", TestConfigs.Minimal(version));

        run.ShouldFailWith(CniErrorCode.IncompatibleVersion).Should().Contain("CHECK");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("GC", "1.0.0")]
    [InlineData("GC", "0.4.0")]
    [InlineData("STATUS", "1.0.0")]
    [InlineData("STATUS", "0.3.1")]
    public void Gc_and_status_before_1_1_0_are_refused_with_code_1(string verb, string version)
    {
        var run = CniRun.Invoke(verb, TestConfigs.Minimal(version));

        run.ShouldFailWith(CniErrorCode.IncompatibleVersion).Should().Contain(verb);
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("CHECK", "0.4.0", CniCommand.Check)]
    [InlineData("CHECK", "1.1.0", CniCommand.Check)]
    [InlineData("GC", "1.1.0", CniCommand.Gc)]
    [InlineData("STATUS", "1.1.0", CniCommand.Status)]
    public void The_same_verbs_reach_the_plugin_once_the_version_has_them(string verb, string version, CniCommand expected)
    {
        var run = CniRun.Invoke(verb, TestConfigs.Minimal(version));

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Plugin.Calls.Should().ContainSingle().Which.Verb.Should().Be(expected);
        run.Stdout.Should().BeEmpty("CHECK, GC and STATUS print nothing on success");
    }

    [Fact]
    public void The_error_object_is_written_in_the_newest_version_when_the_config_version_is_unsupported()
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Minimal("9.9.9"));

        run.Json.GetProperty("cniVersion").GetString().Should().Be("1.1.0");
    }
}
