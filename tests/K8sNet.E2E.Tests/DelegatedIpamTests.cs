using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// An IPAM type other than host-local is executed from CNI_PATH as the spec says (here the reference `static`
/// plugin from /usr/lib/cni), through the one process runner: its result wires the pod, its errors keep their code.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class DelegatedIpamTests : IDisposable
{
    private readonly CniNode _node = new();

    public void Dispose() => _node.Dispose();

    private static string Config(string ipam) =>
        """{"cniVersion":"1.0.0","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipam":""" + ipam + "}";

    [RootFact]
    public void The_static_plugin_gives_the_pod_its_address_and_DEL_removes_the_veth()
    {
        var pod = _node.NewPod();
        var config = Config("""{"type":"static","addresses":[{"address":"10.201.0.5/24","gateway":"10.201.0.1"}]}""");

        var add = _node.Add(pod, "static-pod", config);

        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        Json.Parse(add.Stdout).GetProperty("ips")[0].GetProperty("address").GetString().Should().Be("10.201.0.5/24");
        pod.Exec("ip -o -4 addr show eth0").Should().Contain("inet 10.201.0.5/24");
        _node.Node.Exec("ip -o -4 addr show cnio0").Should().Contain("10.201.0.1/24");

        var del = _node.Del(pod.Path, "static-pod", config);

        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        _node.Veths().Should().BeEmpty();
    }

    [RootFact]
    public void A_delegate_error_keeps_its_code_and_nothing_is_left_behind()
    {
        var pod = _node.NewPod();
        var config = Config("""{"type":"static","addresses":[{"address":"not-an-address"}]}""");

        var direct = Json.Parse(Command.Run("/usr/lib/cni/static", [], config,
            ThrowawayNode.Env("ADD", "static-bad", pod.Path)).Stdout);

        var add = _node.Add(pod, "static-bad", config);

        add.ExitCode.Should().NotBe(0);
        var error = Json.Parse(add.Stdout);
        error.GetProperty("code").GetInt32().Should().Be(direct.GetProperty("code").GetInt32());
        error.GetProperty("msg").GetString().Should().Be("IPAM static: " + direct.GetProperty("msg").GetString());
        _node.Veths().Should().BeEmpty();
        pod.Exec("ip -o link show").Should().NotContain("eth0");
    }

    [RootFact]
    public void An_IPAM_plugin_missing_from_CNI_PATH_is_named_in_the_error()
    {
        var pod = _node.NewPod();

        var add = _node.Add(pod, "no-ipam", Config("""{"type":"k8snet-no-such-ipam"}"""));

        add.ExitCode.Should().NotBe(0);
        var error = Json.Parse(add.Stdout);
        error.GetProperty("code").GetInt32().Should().Be(4);
        error.GetProperty("msg").GetString().Should().Contain("\"k8snet-no-such-ipam\"").And.Contain("/usr/lib/cni");
    }
}
