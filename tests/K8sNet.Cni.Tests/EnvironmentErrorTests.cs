using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>Code 4 through the dispatcher: bad or missing CNI_* variables, named in the message (SPEC §5 "Error").</summary>
public sealed class EnvironmentErrorTests
{
    [Fact]
    public void Add_with_only_the_command_set_names_every_missing_variable()
    {
        var run = CniRun.Invoke(new Dictionary<string, string> { ["CNI_COMMAND"] = "ADD" }, TestConfigs.Minimal("1.0.0"));

        run.ShouldFailWith(CniErrorCode.InvalidEnvironment).Should().ContainAll("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Del_with_only_the_command_set_names_container_and_interface()
    {
        var run = CniRun.Invoke(new Dictionary<string, string> { ["CNI_COMMAND"] = "DEL" }, TestConfigs.Minimal("1.0.0"));

        var msg = run.ShouldFailWith(CniErrorCode.InvalidEnvironment);
        msg.Should().ContainAll("CNI_CONTAINERID", "CNI_IFNAME");
        msg.Should().NotContain("CNI_NETNS");
    }

    [Theory]
    [InlineData("add")]
    [InlineData("DELETE")]
    [InlineData("RESET")]
    public void An_unknown_command_is_code_4_naming_CNI_COMMAND(string verb)
    {
        var run = CniRun.Invoke(new Dictionary<string, string> { ["CNI_COMMAND"] = verb }, TestConfigs.Minimal("1.0.0"));

        run.ShouldFailWith(CniErrorCode.InvalidEnvironment).Should().Contain("CNI_COMMAND").And.Contain(verb);
    }

    [Fact]
    public void An_unset_command_is_code_4_rather_than_a_hang_or_a_crash()
    {
        var run = CniRun.Invoke(new Dictionary<string, string>(), TestConfigs.Minimal("1.0.0"));

        run.ShouldFailWith(CniErrorCode.InvalidEnvironment).Should().Contain("CNI_COMMAND");
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("-abc")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    public void An_invalid_container_id_is_code_4_naming_CNI_CONTAINERID(string containerId)
    {
        var env = CniRun.EnvFor("ADD");
        env["CNI_CONTAINERID"] = containerId;

        var run = CniRun.Invoke(env, TestConfigs.Minimal("1.0.0"));

        var msg = run.ShouldFailWith(CniErrorCode.InvalidEnvironment);
        msg.Should().Contain("CNI_CONTAINERID");
        msg.Should().NotContain("\0", "control characters are escaped so the message stays one readable line");
    }

    [Theory]
    [InlineData("eth0123456789abc")]
    [InlineData("..")]
    [InlineData("eth0:1")]
    [InlineData("../eth0")]
    public void An_invalid_interface_name_is_code_4_naming_CNI_IFNAME(string ifName)
    {
        var env = CniRun.EnvFor("DEL");
        env["CNI_IFNAME"] = ifName;

        var run = CniRun.Invoke(env, TestConfigs.Minimal("1.0.0"));

        run.ShouldFailWith(CniErrorCode.InvalidEnvironment).Should().Contain("CNI_IFNAME");
        run.Plugin.Calls.Should().BeEmpty("nothing may touch disk or kernel with a bad name");
    }

    [Theory]
    [InlineData("K8S_POD_NAME=nginx", "K8S_POD_NAME")]
    [InlineData("ip=10.200.0.9", "ip")]
    [InlineData("IgnoreUnknown=1;a=b=c", "a=b=c")]
    [InlineData("a", "CNI_ARGS")]
    public void Bad_cni_args_are_code_4(string cniArgs, string named)
    {
        var env = CniRun.EnvFor("ADD");
        env["CNI_ARGS"] = cniArgs;

        var run = CniRun.Invoke(env, TestConfigs.Minimal("1.0.0"));

        run.ShouldFailWith(CniErrorCode.InvalidEnvironment).Should().Contain("CNI_ARGS").And.Contain(named);
    }

    [Fact]
    public void The_error_object_carries_the_configs_version_when_it_could_be_read()
    {
        var run = CniRun.Invoke(new Dictionary<string, string> { ["CNI_COMMAND"] = "ADD" }, TestConfigs.Minimal("0.4.0"));

        run.Json.GetProperty("cniVersion").GetString().Should().Be("0.4.0");
    }
}
