using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>K8sNet first in a conflist: its result is what the reference's portmap and bandwidth consume.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class ChainingTests : IDisposable
{
    private readonly CniNode _node = new();

    [RootFact]
    public void Portmap_chained_after_k8snet_maps_a_host_port_to_the_pod_address_k8snet_returned()
    {
        if (!File.Exists("/usr/lib/cni/portmap"))
        {
            return; // scripts/deps.sh installs containernetworking-plugins; without it there is no portmap to chain.
        }

        var pod = _node.NewPod();
        var config = _node.SeedConfig(version: "1.0.0");
        var add = _node.Add(pod, "chained", config);
        var podIp = BridgeAddTests.PodAddress(add);

        var portmap = PortmapConfig(add.Stdout);
        var mapped = _node.Invoke("ADD", "chained", pod.Path, portmap, "eth0", "/usr/lib/cni/portmap");

        mapped.ExitCode.Should().Be(0, mapped.Stdout + mapped.Stderr);
        Json.Parse(mapped.Stdout).GetProperty("ips")[0].GetProperty("address").GetString().Should().StartWith(podIp, "portmap passes K8sNet's result on");
        _node.Node.Exec("iptables-save -t nat").Should().Contain($"--to-destination {podIp}:80");

        // DEL runs in reverse order; both succeed and K8sNet leaves nothing of its own.
        _node.Invoke("DEL", "chained", pod.Path, portmap, "eth0", "/usr/lib/cni/portmap").ExitCode.Should().Be(0);
        _node.Del(pod.Path, "chained", CniNode.WithPrevResult(config, add.Stdout)).ExitCode.Should().Be(0);
        _node.Leases().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
        _node.Node.Exec("iptables-save -t nat").Should().NotContain(podIp);
    }

    private static string PortmapConfig(string prevResult)
    {
        var conf = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "bridge",
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["runtimeConfig"] = new JsonObject
            {
                ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 18080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
            },
            ["prevResult"] = JsonNode.Parse(prevResult),
        };
        return conf.ToJsonString();
    }

    public void Dispose() => _node.Dispose();
}
