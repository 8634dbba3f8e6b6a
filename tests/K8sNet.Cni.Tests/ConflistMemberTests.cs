using System.Text.Json;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>
/// One member of a conflist as libcni hands it over: runtime-injected keys (prevResult, runtimeConfig, args) and keys
/// K8sNet does not know must be tolerated and passed through (SPEC §1 "Other keys", §3 "Deriving request configuration").
/// </summary>
public sealed class ConflistMemberTests
{
    private const string Member = """
        {
          "cniVersion": "1.0.0",
          "name": "k8s-pod-network",
          "type": "bridge",
          "bridge": "cnio0",
          "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.200.0.0/24"}]]},
          "dns": {"nameservers": ["10.32.0.10"], "search": ["default.svc.cluster.local"]},
          "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}], "io.kubernetes.cri.pod-annotations": {"a": "b"}},
          "args": {"cni": {"ips": ["10.200.0.7/24"], "labels": [{"key": "app", "value": "web"}]}},
          "cni.dev/some-future-key": [1, 2, {"x": null}],
          "vendorExtension": {"nested": {"deeper": true}},
          "capabilitiesUnknown": 42,
          "prevResult": {
            "cniVersion": "1.0.0",
            "interfaces": [{"name": "eth0", "sandbox": "/run/netns/test"}],
            "ips": [{"address": "10.200.0.7/24", "gateway": "10.200.0.1", "interface": 0}],
            "routes": [{"dst": "0.0.0.0/0"}],
            "dns": {}
          }
        }
        """;

    [Fact]
    public void A_member_with_runtime_keys_and_unknown_keys_is_accepted()
    {
        var run = CniRun.Invoke("ADD", Member);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Plugin.Calls.Should().ContainSingle();
    }

    [Fact]
    public void Runtime_keys_reach_the_plugin_untouched_as_json()
    {
        var config = CniRun.Invoke("ADD", Member).Plugin.LastInvocation!.Config;

        config.RuntimeConfig!.Value.GetProperty("portMappings")[0].GetProperty("hostPort").GetInt32().Should().Be(8080);
        config.Args!.Value.GetProperty("cni").GetProperty("ips")[0].GetString().Should().Be("10.200.0.7/24");
        config.Dns!.Nameservers.Should().Equal("10.32.0.10");
        config.Dns.Search.Should().Equal("default.svc.cluster.local");
    }

    [Fact]
    public void The_prev_result_is_parsed_for_the_plugin()
    {
        var prev = CniRun.Invoke("ADD", Member).Plugin.LastInvocation!.PrevResult;

        prev.Should().NotBeNull();
        prev!.Ips.Should().ContainSingle().Which.Address.Should().Be("10.200.0.7/24");
        prev.Interfaces.Should().ContainSingle().Which.Sandbox.Should().Be("/run/netns/test");
    }

    [Fact]
    public void Del_with_a_prev_result_and_no_netns_reaches_the_plugin()
    {
        var env = CniRun.EnvFor("DEL");
        env.Remove("CNI_NETNS");

        var run = CniRun.Invoke(env, Member);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Plugin.LastInvocation!.Request.NetNs.Should().BeEmpty();
        run.Plugin.LastInvocation.PrevResult.Should().NotBeNull();
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    public void An_absent_or_empty_prev_result_is_no_obstacle(string prevResult)
    {
        var config = $$"""{"cniVersion":"1.0.0","name":"n","type":"bridge","prevResult":{{prevResult}}}""";

        var run = CniRun.Invoke("DEL", config);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
    }

    [Fact]
    public void Containerds_cni_args_pass_through_the_dispatcher()
    {
        var env = CniRun.EnvFor("ADD");
        env["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=nginx;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=123";

        var run = CniRun.Invoke(env, Member);

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Plugin.LastInvocation!.Request.Args.Get("K8S_POD_NAMESPACE").Should().Be("default");
        run.Json.ValueKind.Should().Be(JsonValueKind.Object);
    }
}
