using System.Text.Json;
using K8sNet.Cri.Tests.Harness;
using K8sNet.Cri.Tests.Runtime;

namespace K8sNet.Cri.Tests;

/// <summary>
/// The harness's own checks: what the tests' client sends is what containerd reads (the .proto is written by hand,
/// so a wrong field number would show here first), including the hostPorts a portmap test will send.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(CriCollection.Name)]
public sealed class CriHarnessTests : IDisposable
{
    private readonly CriNode _node = new();

    public void Dispose() => _node.Dispose();

    [CriFact]
    public void Metadata_labels_cgroup_parent_and_port_mappings_reach_containerd_as_sent()
    {
        var pod = _node.NewPod("ports", "team-b") with
        {
            Attempt = 2,
            PortMappings = [PodSpec.HostPort(80, 8080), PodSpec.HostPort(53, 5353, Protocol.Udp, "127.0.0.1")],
        };

        var id = _node.Cri.RunPod(pod);

        var status = _node.Cri.PodStatus(id, verbose: true);
        status.Status.Metadata.Should().BeEquivalentTo(new { pod.Name, pod.Namespace, pod.Uid, Attempt = 2u });
        status.Status.Labels["io.kubernetes.pod.uid"].Should().Be(pod.Uid);
        using var info = JsonDocument.Parse(status.Info["info"]);
        var config = info.RootElement.GetProperty("config");
        config.GetProperty("linux").GetProperty("cgroup_parent").GetString().Should().Be(pod.CgroupParent);
        // containerd prints its Go struct: zero values (TCP = 0, empty host_ip) are left out.
        config.GetProperty("port_mappings").GetRawText().Should().Be(
            """[{"container_port":80,"host_port":8080},{"protocol":1,"container_port":53,"host_port":5353,"host_ip":"127.0.0.1"}]""");
        info.RootElement.GetProperty("pid").GetInt32().Should().Be(_node.Cri.PausePid(id)).And.BeGreaterThan(1);
        _node.Cri.ListPods().Select(p => p.Id).Should().Equal(id);
    }
}
