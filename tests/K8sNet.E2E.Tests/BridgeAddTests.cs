using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>ADD through the published binary, checked against the kernel as seeds 000/004 show a node.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class BridgeAddTests : IDisposable
{
    private readonly CniNode _node = new();

    [RootFact]
    public void The_result_gives_each_interface_the_mac_and_mtu_the_kernel_shows_for_it()
    {
        var first = _node.NewPod();
        var second = _node.NewPod();
        _node.Add(first, "first-pod", _node.SeedConfig("1.1.0")).ExitCode.Should().Be(0);

        // The second pod too: the bridge MAC is re-read after the port is attached; the veth ends are not re-read.
        // CNI 1.1.0, whose result carries each interface's MTU.
        var add = _node.Add(second, "second-pod", _node.SeedConfig("1.1.0"));

        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        var interfaces = Json.Parse(add.Stdout).GetProperty("interfaces").EnumerateArray().ToList();
        foreach (var (entry, where) in new[] { (interfaces[0], _node.Node), (interfaces[1], _node.Node), (interfaces[2], second) })
        {
            var name = entry.GetProperty("name").GetString()!;
            var link = Json.Parse(where.Exec($"ip -j link show {name}"))[0];
            entry.GetProperty("mac").GetString().Should().Be(link.GetProperty("address").GetString(), name);
            entry.GetProperty("mtu").GetInt32().Should().Be(link.GetProperty("mtu").GetInt32(), name);
        }
    }

    [RootFact]
    public void Seed_config_wires_the_pod_as_the_seeds_show_it()
    {
        var pod = _node.NewPod();

        var add = _node.Add(pod, "seed-pod", _node.SeedConfig());

        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        var result = Json.Parse(add.Stdout);
        result.GetProperty("cniVersion").GetString().Should().Be("0.3.1");
        var interfaces = result.GetProperty("interfaces").EnumerateArray().ToList();
        interfaces.Select(i => i.GetProperty("name").GetString()).Should().HaveCount(3);
        interfaces[0].GetProperty("name").GetString().Should().Be("cnio0");
        interfaces[1].GetProperty("name").GetString().Should().MatchRegex("^veth[0-9a-f]{8}$");
        interfaces[2].GetProperty("name").GetString().Should().Be("eth0");
        interfaces[2].GetProperty("sandbox").GetString().Should().Be(pod.Path);
        var ip = result.GetProperty("ips")[0];
        ip.GetProperty("version").GetString().Should().Be("4");
        ip.GetProperty("interface").GetInt32().Should().Be(2);
        ip.GetProperty("gateway").GetString().Should().Be("10.200.0.1");
        var address = ip.GetProperty("address").GetString()!;
        address.Should().MatchRegex(@"^10\.200\.0\.\d+/24$");

        // Inside the pod: eth0@ifN with the address, a 0a:58 MAC made of the IP, default via the gateway.
        var podIp = address.Split('/')[0];
        var ethShow = pod.Exec("ip -d addr show eth0");
        ethShow.Should().Contain($"inet {address}");
        ethShow.Should().Contain("link/ether 0a:58:" + string.Join(':', podIp.Split('.').Select(o => int.Parse(o).ToString("x2"))));
        pod.Exec("ip route show default").Should().Contain("default via 10.200.0.1 dev eth0");

        // eth0's peer_ifindex is the host veth, which is a port of cnio0; the bridge holds the gateway.
        var peerIndex = pod.Exec("ethtool -S eth0 2>/dev/null | awk '/peer_ifindex/ {print $2}' || true").Trim();
        var hostVeth = interfaces[1].GetProperty("name").GetString()!;
        var hostIndex = _node.Node.Exec($"cat /sys/class/net/{hostVeth}/ifindex").Trim();
        if (peerIndex.Length > 0)
        {
            peerIndex.Should().Be(hostIndex);
        }

        pod.Exec("ip -o link show eth0").Should().Contain($"eth0@if{hostIndex}");
        _node.Node.Exec($"ip -o link show {hostVeth}").Should().Contain("master cnio0");
        _node.Node.Exec("ip -o -4 addr show cnio0").Should().Contain("10.200.0.1/24");
        _node.Node.Exec("ip route show 10.200.0.0/24").Should().Contain("dev cnio0");
        pod.Exec("cat /proc/sys/net/ipv4/conf/eth0/arp_notify").Trim().Should().Be("1");
        _node.Node.Exec("cat /proc/sys/net/ipv4/ip_forward").Trim().Should().Be("1");
        _node.Leases().Should().Equal(podIp);

        // ipMasq, default backend: one rule for the pod subnet in K8sNet's own nf_tables table.
        _node.NftRuleset().Should().Contain("table ip k8snet")
            .And.Contain("ip saddr 10.200.0.0/24 ip daddr != 10.200.0.0/24 ip daddr != 224.0.0.0/4 counter")
            .And.Contain("masquerade");
    }

    [RootFact]
    public void Iptables_backend_installs_exactly_the_reference_rules()
    {
        var pod = _node.NewPod();
        var podIp = PodAddress(_node.Add(pod, "seed-pod", _node.SeedConfig(masqBackend: "iptables")));

        // The reference's per-pod chain, jumped to from POSTROUTING for the pod's address.
        var chain = "CNI-" + NatChains.Hash("bridge", "seed-pod");
        var nat = _node.Node.Exec("iptables-save -t nat");
        nat.Should().Contain($"-A POSTROUTING -s {podIp}/32 -m comment --comment \"name: \\\"bridge\\\" id: \\\"seed-pod\\\"\" -j {chain}");
        nat.Should().Contain($"-A {chain} -d 10.200.0.0/24 ");
        nat.Should().Contain($"-A {chain} ! -d 224.0.0.0/4 ");
    }

    [RootFact]
    public void Two_pods_reach_each_other_and_the_gateway()
    {
        var (a, b) = (_node.NewPod(), _node.NewPod());
        var config = _node.SeedConfig(ipMasq: false);
        var ipA = PodAddress(_node.Add(a, "pod-a", config));
        var ipB = PodAddress(_node.Add(b, "pod-b", config));

        ipA.Should().NotBe(ipB);
        a.TryExec($"ping -c1 -W2 {ipB}").ExitCode.Should().Be(0);
        b.TryExec($"ping -c1 -W2 {ipA}").ExitCode.Should().Be(0);
        a.TryExec("ping -c1 -W2 10.200.0.1").ExitCode.Should().Be(0);
        _node.Node.TryExec($"ping -c1 -W2 {ipA}").ExitCode.Should().Be(0, "the node reaches its pods through the bridge");
    }

    [RootFact]
    public void An_interface_name_already_taken_in_the_pod_is_refused_before_any_address_is_allocated()
    {
        var pod = _node.NewPod();
        pod.Exec("ip link add eth0 type bridge");

        var add = _node.Add(pod, "taken", _node.SeedConfig(ipMasq: false));

        add.ExitCode.Should().NotBe(0);
        add.Stdout.Should().Contain("eth0").And.Contain("already exists");
        _node.Leases().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
    }

    [RootFact]
    public void A_failing_add_leaves_no_lease_veth_or_pod_interface_behind()
    {
        // The bridge already serves another subnet: the gateway step fails after the lease and veth exist.
        _node.Node.Exec("ip link add cnio0 type bridge && ip addr add 192.168.77.1/24 dev cnio0");
        var pod = _node.NewPod();

        var add = _node.Add(pod, "fails-midway", _node.SeedConfig(ipMasq: false));

        add.ExitCode.Should().NotBe(0);
        Json.Parse(add.Stdout).GetProperty("msg").GetString().Should().Contain("already has an IP address different from");
        _node.Leases().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
        pod.TryExec("ip link show eth0").ExitCode.Should().NotBe(0);
        _node.Node.Exec("ip -o -4 addr show cnio0").Should().Contain("192.168.77.1/24").And.NotContain("10.200.0.1");
    }

    [RootFact]
    public void Mtu_hairpin_and_promisc_are_applied_as_configured()
    {
        var pod = _node.NewPod();
        var config = _node.Config("1.0.0", ipMasq: false, """[[{"subnet":"10.201.0.0/24"}]]""", extra: ",\"mtu\":1400,\"hairpinMode\":true");

        var add = _node.Add(pod, "mtu-pod", config);

        add.ExitCode.Should().Be(0, add.Stdout);
        var hostVeth = Json.Parse(add.Stdout).GetProperty("interfaces")[1].GetProperty("name").GetString()!;
        pod.Exec("cat /sys/class/net/eth0/mtu").Trim().Should().Be("1400");
        _node.Node.Exec($"cat /sys/class/net/{hostVeth}/mtu").Trim().Should().Be("1400");
        _node.Node.Exec($"cat /sys/class/net/{hostVeth}/brport/hairpin_mode").Trim().Should().Be("1");

        var promisc = _node.Config("1.0.0", ipMasq: false, """[[{"subnet":"10.201.0.0/24"}]]""", extra: ",\"promiscMode\":true");
        _node.Add(_node.NewPod(), "promisc-pod", promisc).ExitCode.Should().Be(0);
        _node.Node.Exec("ip -d link show cnio0").Should().Contain("PROMISC");
    }

    [RootFact]
    public void Dual_stack_gives_one_address_per_family_with_gateways_on_the_bridge()
    {
        var pod = _node.NewPod();
        var config = _node.Config(
            "1.0.0",
            ipMasq: false,
            """[[{"subnet":"10.210.0.0/24"}],[{"subnet":"fd10::/64"}]]""",
            extra: ",\"isDefaultGateway\":true",
            routes: "[]");

        var add = _node.Add(pod, "dual", config);

        add.ExitCode.Should().Be(0, add.Stdout);
        var ips = Json.Parse(add.Stdout).GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("address").GetString()).ToList();
        ips.Should().HaveCount(2);
        ips.Should().Contain(a => a!.StartsWith("10.210.0.")).And.Contain(a => a!.StartsWith("fd10::"));
        pod.Exec("ip -6 addr show eth0").Should().Contain(ips.First(a => a!.StartsWith("fd10"))!);
        pod.Exec("ip -6 route show default").Should().Contain("via fd10::1");
        pod.Exec("ip -4 route show default").Should().Contain("via 10.210.0.1");
        _node.Node.Exec("ip addr show cnio0").Should().Contain("10.210.0.1/24").And.Contain("fd10::1/64");
        _node.Node.Exec("cat /proc/sys/net/ipv6/conf/all/forwarding").Trim().Should().Be("1");
        _node.Node.Exec("cat /proc/sys/net/ipv6/conf/cnio0/accept_ra").Trim().Should().Be("0");
        var v6 = ips.First(a => a!.StartsWith("fd10"))!.Split('/')[0];
        _node.Node.TryExec($"ping -6 -c1 -W2 {v6}").ExitCode.Should().Be(0);
    }

    [RootFact]
    public void Fifty_concurrent_adds_on_a_fresh_bridge_get_fifty_distinct_addresses()
    {
        var config = _node.SeedConfig(ipMasq: false);
        var pods = Enumerable.Range(0, 50).Select(_ => _node.NewPod()).ToList();

        var results = pods.AsParallel().WithDegreeOfParallelism(50)
            .Select((pod, i) => _node.Add(pod, $"burst-{i}", config)).ToList();

        results.Should().OnlyContain(r => r.ExitCode == 0, string.Join("\n", results.Where(r => r.ExitCode != 0).Select(r => r.Stdout)));
        results.Select(PodAddress).Distinct().Should().HaveCount(50);
        _node.Leases().Should().HaveCount(50);
        _node.Veths().Should().HaveCount(50);
    }

    internal static string PodAddress(CommandResult add)
    {
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        return Json.Parse(add.Stdout).GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];
    }

    public void Dispose() => _node.Dispose();
}
