using System.Text.Json;
using FluentAssertions.Execution;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>The Kubernetes-the-hard-way config, sent through the whole dispatcher as containerd would.</summary>
public sealed class SeedConfigTests
{
    [Fact]
    public void Add_with_the_seed_config_reaches_the_plugin_with_the_common_keys_read()
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Seed);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Plugin.Calls.Should().ContainSingle().Which.Verb.Should().Be(CniCommand.Add);
        var invocation = run.Plugin.LastInvocation!;
        using (new AssertionScope())
        {
            invocation.Version.Should().Be(CniVersion.V031);
            invocation.NetworkName.Should().Be("bridge");
            invocation.Config.Type.Should().Be("bridge");
            invocation.Config.Ipam!.Value.GetProperty("type").GetString().Should().Be("host-local");
            invocation.Config.Ipam!.Value.GetProperty("ranges")[0][0].GetProperty("subnet").GetString().Should().Be("10.200.0.0/24");
            invocation.PrevResult.Should().BeNull();
            invocation.Request.ContainerId.Should().Be("ctr-1");
            invocation.Request.IfName.Should().Be("eth0");
        }
    }

    [Fact]
    public void The_plugin_reads_its_own_keys_from_the_same_stdin_bytes()
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Seed);

        var own = FakeBridgeConfig.Read(run.Plugin.LastInvocation!.Config.Root, string.Empty);

        own.Bridge.Should().Be("cnio0");
        own.IsGateway.Should().BeTrue();
        own.IpMasq.Should().BeTrue();
    }

    [Fact]
    public void Add_with_the_seed_config_prints_a_0_3_1_result_with_ip_versions()
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Seed);

        var json = run.Json;
        json.GetProperty("cniVersion").GetString().Should().Be("0.3.1");
        json.GetProperty("ips")[0].GetProperty("version").GetString().Should().Be("4");
        json.GetProperty("ips")[0].GetProperty("address").GetString().Should().Be("10.200.0.2/24");
        json.GetProperty("dns").ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Fact]
    public void Del_with_the_seed_config_succeeds_silently()
    {
        var run = CniRun.Invoke("DEL", TestConfigs.Seed);

        run.Outcome.ExitCode.Should().Be(0);
        run.Plugin.Calls.Should().ContainSingle().Which.Verb.Should().Be(CniCommand.Del);
        run.Stdout.Should().BeEmpty("DEL prints nothing on success");
    }

    [Fact]
    public void Check_with_the_seed_config_is_refused_because_0_3_1_has_no_check()
    {
        var run = CniRun.Invoke("CHECK", TestConfigs.Seed);

        run.Json.GetProperty("code").GetInt32().Should().Be(1);
        run.Plugin.Calls.Should().BeEmpty();
    }
}
