using System.Net;
using K8sNet.Cri.Tests.Harness;
using K8sNet.Cri.Tests.Runtime;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests;

/// <summary>
/// Kubelet's path to a pod's network: RunPodSandbox on containerd 1.6's CRI, which runs `loopback` and then the
/// first conflist of the conf dir, from a bin dir that holds only K8sNet's binary as `k8snet install` left it.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(CriCollection.Name)]
public sealed class CriPodNetworkTests : IDisposable
{
    private readonly CriNode _node = new();

    public void Dispose() => _node.Dispose();

    [CriFact]
    public void The_bin_dir_holds_only_K8sNet_and_the_runtime_reports_its_network_ready()
    {
        var k8snet = File.ReadAllBytes(PublishedBinary.Path);
        foreach (var plugin in Directory.GetFiles(_node.Dirs.CniBin))
        {
            File.ReadAllBytes(plugin).Should().Equal(k8snet, $"{plugin} must be K8sNet's binary");
        }

        Directory.GetFiles(_node.Dirs.CniBin).Select(Path.GetFileName).Should().BeEquivalentTo("k8snet", "bridge", "host-local", "loopback", "portmap");
        var version = _node.Cri.Version();
        version.RuntimeName.Should().Be("containerd");
        version.RuntimeVersion.Should().StartWith("1.6.");
        _node.Cri.Condition("RuntimeReady").Should().BeTrue();
        _node.Cri.Condition("NetworkReady").Should().BeTrue("containerd loaded the conflist `k8snet install` wrote");
    }

    [CriFact]
    public void Two_pods_get_an_address_in_the_pod_cidr_with_lo_up_and_reach_each_other_and_the_node()
    {
        var a = _node.Cri.RunPod(_node.NewPod("a"));
        var b = _node.Cri.RunPod(_node.NewPod("b"));

        var ipA = PodIp(a);
        var ipB = PodIp(b);
        ipA.Should().NotBe(ipB);
        foreach (var (id, ip) in new[] { (a, ipA), (b, ipB) })
        {
            _node.Cri.PodStatus(id).Status.State.Should().Be(PodSandboxState.SandboxReady);
            _node.InPod(id, "ip -o link show lo").EnsureSuccess("ip link show lo").Stdout.Should().MatchRegex(@"<[^>]*\bUP\b[^>]*>", "loopback brought lo up");
            _node.InPod(id, "ip -o -4 addr show dev eth0").EnsureSuccess("ip addr show eth0").Stdout.Should().Contain($" {ip}/24 ");
        }

        _node.InPod(a, $"ping -c 1 -W 5 {ipB}").EnsureSuccess("pod a → pod b");
        _node.InPod(b, $"ping -c 1 -W 5 {ipA}").EnsureSuccess("pod b → pod a");
        _node.InPod(a, $"ping -c 1 -W 5 {CriNode.Gateway}").EnsureSuccess("pod a → node");
        _node.Node.Exec($"ping -c 1 -W 5 {ipB}");
        _node.Leases().Should().BeEquivalentTo(ipA.ToString(), ipB.ToString());
        _node.Veths().Should().HaveCount(2);
    }

    [CriFact]
    public void Containerds_CNI_ARGS_reach_the_plugin_and_are_accepted()
    {
        var pod = _node.NewPod("args", "team-a");

        var id = _node.Cri.RunPod(pod);

        // libcni records what containerd passed with each attachment; the ADDs succeeding with it is the acceptance.
        foreach (var (network, ifName) in new[] { (CriNode.Network, "eth0"), ("cni-loopback", "lo") })
        {
            var cached = _node.CachedResult(network, id, ifName) ?? throw new InvalidOperationException($"no cache entry for {ifName}");
            cached.GetProperty("cniArgs").EnumerateArray().Select(a => $"{a[0].GetString()}={a[1].GetString()}").Should().BeEquivalentTo(
                $"K8S_POD_NAMESPACE={pod.Namespace}", $"K8S_POD_NAME={pod.Name}", $"K8S_POD_INFRA_CONTAINER_ID={id}",
                $"K8S_POD_UID={pod.Uid}", "IgnoreUnknown=1");
            _node.PluginLog().Should().Contain(l => l.Contains($"ADD id={id} ") && l.Contains($"ifname={ifName} ") && l.Contains("result=ok"),
                "containerd runs K8sNet as `loopback` for lo and as `k8snet` for eth0");
        }

        var ip = PodIp(id);
        File.ReadAllText(Path.Combine(_node.Dirs.CniState, "networks", CriNode.Network, ip.ToString())).Should().Contain(id);
    }

    [CriFact]
    public void Stop_then_remove_leave_no_veth_lease_nat_rule_or_cached_result()
    {
        var id = _node.Cri.RunPod(_node.NewPod("gone"));
        var ip = PodIp(id).ToString();
        var cached = _node.CachedResult(CriNode.Network, id, "eth0") ?? throw new InvalidOperationException("no cached ADD result");
        cached.GetProperty("result").GetRawText().Should().Contain($"\"{ip}/24\"", "this result is the prevResult StopPodSandbox's DEL gets");
        // ipMasq is on: install's default (nftables) masquerades per network subnet, a rule the first pod's ADD makes
        // and the last pod's DEL removes. This is the only pod, so its DEL must take it.
        _node.NatState().Should().Contain("masquerade");

        _node.Cri.StopPod(id);

        var afterStop = Snapshot();
        afterStop.Veths.Should().BeEmpty();
        afterStop.Leases.Should().BeEmpty();
        afterStop.CachedResults.Should().BeEmpty("a successful DEL drops the cached result");
        afterStop.Nat.Should().NotContain(ip).And.NotContain(id).And.NotContain("masquerade");
        _node.Cri.PodStatus(id).Status.State.Should().Be(PodSandboxState.SandboxNotready);

        _node.Cri.RemovePod(id);

        Snapshot().Should().BeEquivalentTo(afterStop, "the second DEL (no netns, no prevResult) changes nothing");
        _node.Cri.ListPods().Should().BeEmpty();
        foreach (var ifName in new[] { "eth0", "lo" })
        {
            // eth0's conflist is bridge then portmap, so each teardown DELs twice (portmap first); lo has one plugin.
            var perTeardown = ifName == "eth0" ? 2 : 1;
            var dels = _node.PluginLog().Where(l => l.Contains($"DEL id={id} ") && l.Contains($"ifname={ifName} ")).ToList();
            dels.Should().HaveCount(2 * perTeardown, "StopPodSandbox tears the network down, RemovePodSandbox stops (and so DELs) again");
            dels.Take(perTeardown).Should().AllSatisfy(d => d.Should().MatchRegex(@"netns=/\S+/netns/cni-[0-9a-f-]+ ").And.Contain("result=ok"));
            dels.Skip(perTeardown).Should().AllSatisfy(d => d.Should().Contain("netns= ").And.Contain("result=ok"));
        }
    }

    private IPAddress PodIp(string sandboxId)
    {
        var network = _node.Cri.PodStatus(sandboxId).Status.Network;
        var ip = IPAddress.Parse(network.Ip);
        IPNetwork.Parse(CriNode.PodCidr).Contains(ip).Should().BeTrue($"{ip} is in the pod CIDR");
        return ip;
    }

    private NodeSnapshot Snapshot() =>
        new(_node.Veths(), _node.Leases(), _node.CachedResults(), _node.NatState(), _node.Links(), _node.LeaseDirectory());

    private sealed record NodeSnapshot(
        IReadOnlyList<string> Veths, IReadOnlyList<string> Leases, IReadOnlyList<string> CachedResults, string Nat, string Links, string LeaseDirectory);
}
