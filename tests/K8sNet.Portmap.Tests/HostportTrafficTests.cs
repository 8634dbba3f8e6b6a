using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.Portmap.Tests;

/// <summary>
/// hostPorts through traffic: the published binary as bridge then portmap in a throwaway node, clients in an
/// outside netns, on the node itself and in the pod. Each test ends with DEL and an empty ruleset of ours.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class HostportTrafficTests : IDisposable
{
    private readonly HostportNode _node = new();

    public void Dispose() => _node.DisposeAll();

    [RootFact]
    public void A_tcp_hostport_is_reached_from_outside_from_the_node_via_its_own_ip_and_localhost_and_by_the_pod_itself()
    {
        var (_, portmap, pod) = _node.AddPod("tcp4", [HostportNode.Map(8080, 80, containerdCase: true)]);
        HostportNode.Listen(pod, 80, "from-pod");

        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8080).Should().Be("from-pod", "outside -> node IP:hostPort");
        HostportNode.Ask(_node.Node, HostportNode.NodeIp, 8080).Should().Be("from-pod", "the node to its own address");
        HostportNode.Ask(_node.Node, "127.0.0.1", 8080).Should().Be("from-pod", "the node to 127.0.0.1");
        HostportNode.Ask(pod, HostportNode.NodeIp, 8080).Should().Be("from-pod", "hairpin: the pod to its own hostPort");
        _node.Node.Exec("sysctl -n net.ipv4.conf.cnio0.route_localnet").Trim().Should().Be("1");

        _node.Run("portmap", "CHECK", "tcp4", pod.Path, portmap).ExitCode.Should().Be(0);
        var del = _node.Run("portmap", "DEL", "tcp4", pod.Path, portmap);
        del.ExitCode.Should().Be(0, del.Stderr);

        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8080).Should().StartWith("(no answer", "DEL removed the mapping");
        _node.Ruleset().Should().NotContain("k8snet-hostport");
        _node.Node.Exec("sysctl -n net.ipv4.conf.cnio0.route_localnet").Trim().Should().Be("0", "reset when the bridge's last localhost mapping goes");
    }

    [RootFact]
    public void Udp_and_ipv6_hostports_are_reached_from_outside()
    {
        var (_, portmap, pod) = _node.AddPod("dual", [HostportNode.Map(5300, 53, "udp"), HostportNode.Map(8443, 443)], dualStack: true);
        HostportNode.Listen(pod, 53, "udp4-pod", "udp");
        HostportNode.Listen(pod, 53, "udp6-pod", "udp", v6: true);
        HostportNode.Listen(pod, 443, "tcp6-pod", v6: true);

        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 5300, "udp").Should().Be("udp4-pod");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp6, 5300, "udp").Should().Be("udp6-pod", _node.Node.Exec("conntrack -L -f ipv6 2>&1; nft list table ip6 k8snet-hostports") + pod.Exec("ss -uanp; ip -6 addr"));
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp6, 8443).Should().Be("tcp6-pod");
        HostportNode.Ask(_node.Node, HostportNode.NodeIp6, 8443).Should().Be("tcp6-pod", "the node to its own IPv6 address");
        HostportNode.Ask(pod, HostportNode.NodeIp6, 8443).Should().Be("tcp6-pod", "IPv6 hairpin");

        _node.Run("portmap", "DEL", "dual", pod.Path, portmap).ExitCode.Should().Be(0);
        _node.Ruleset().Should().NotContain("k8snet-hostports");
    }

    [RootFact]
    public void A_hostport_with_a_host_ip_answers_on_that_address_only()
    {
        var (_, portmap, pod) = _node.AddPod("hostip", [HostportNode.Map(8081, 80, hostIp: HostportNode.SecondNodeIp)]);
        HostportNode.Listen(pod, 80, "from-pod");

        HostportNode.Ask(_node.Outside, HostportNode.SecondNodeIp, 8081).Should().Be("from-pod");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8081).Should().StartWith("(no answer", "the mapping is for the other address");

        _node.Run("portmap", "DEL", "hostip", pod.Path, portmap).ExitCode.Should().Be(0);
    }

    /// <summary>CVE-2025-67499: the reference's nftables backend (v1.6.0-v1.8.x) DNATed every packet to the port.</summary>
    [RootFact]
    public void Traffic_to_the_same_port_on_another_host_is_not_captured()
    {
        var (_, portmap, pod) = _node.AddPod("cve", [HostportNode.Map(8082, 80)]);
        HostportNode.Listen(pod, 80, "from-pod");
        HostportNode.Listen(_node.Far, 8082, "from-far");

        HostportNode.Ask(_node.Outside, HostportNode.FarIp, 8082).Should().Be("from-far", "forwarded traffic to another host keeps its destination");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8082).Should().Be("from-pod");

        _node.Run("portmap", "DEL", "cve", pod.Path, portmap).ExitCode.Should().Be(0);
    }

    /// <summary>CVE-2019-9946: before 0.7.5 portmap's rules ran ahead of kube-proxy's.</summary>
    [RootFact]
    public void A_kube_proxy_style_dnat_for_the_same_port_keeps_precedence()
    {
        var (_, portmap, pod) = _node.AddPod("kp", [HostportNode.Map(8083, 80)]);
        HostportNode.Listen(pod, 80, "from-pod");
        HostportNode.Listen(_node.Far, 80, "from-service");
        _node.Node.Exec($"iptables -t nat -N KUBE-SERVICES; iptables -t nat -I PREROUTING 1 -j KUBE-SERVICES; iptables -t nat -A KUBE-SERVICES -d {HostportNode.NodeIp} -p tcp --dport 8083 -j DNAT --to-destination {HostportNode.FarIp}:80");

        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8083).Should().Be("from-service");

        _node.Run("portmap", "DEL", "kp", pod.Path, portmap).ExitCode.Should().Be(0);
    }

    [RootFact]
    public void A_repeated_add_replaces_the_rules_and_a_second_pod_on_the_same_port_is_refused_naming_the_holder()
    {
        var mappings = new JsonArray(HostportNode.Map(8084, 80));
        var (_, portmap, pod) = _node.AddPod("first", mappings);
        var again = _node.Run("portmap", "ADD", "first", pod.Path, portmap);
        again.ExitCode.Should().Be(0, again.Stderr);
        CountOf(_node.Ruleset(), "dnat tcp * 8084").Should().Be(1, "a repeated ADD replaces, never stacks");

        var other = _node.NewPod();
        var bridge = _node.Run("bridge", "ADD", "second", other.Path, _node.BridgeConfig());
        var second = _node.Run("portmap", "ADD", "second", other.Path, HostportNode.PortmapConfig(bridge.Stdout, [HostportNode.Map(8084, 80)]));

        second.ExitCode.Should().NotBe(0);
        second.Stdout.Should().Contain("\"code\":102").And.Contain("8084").And.Contain("id=first");
        _node.Run("portmap", "DEL", "first", pod.Path, portmap).ExitCode.Should().Be(0);
    }

    /// <summary>
    /// A pod address handed out again while the attachment that had it leaked (no DEL yet): the new attachment takes
    /// the address's masquerade over, and the leaked one's later DEL removes only its own.
    /// </summary>
    [RootFact]
    public void A_reused_pod_address_is_taken_over_and_the_leaked_attachments_del_leaves_the_new_one_working()
    {
        var (result, leaked, pod) = _node.AddPod("leaked", [HostportNode.Map(8086, 80)]);
        var reused = HostportNode.PortmapConfig(result, [HostportNode.Map(8087, 80)]);
        var add = _node.Run("portmap", "ADD", "reused", pod.Path, reused);
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        HostportNode.Listen(pod, 80, "from-pod");

        var del = _node.Run("portmap", "DEL", "leaked", pod.Path, leaked);
        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        HostportNode.Ask(pod, HostportNode.NodeIp, 8087).Should().Be("from-pod", "hairpin of the new attachment still masquerades");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8086).Should().StartWith("(no answer", "the leaked mapping is gone");
        var check = _node.Run("portmap", "CHECK", "reused", pod.Path, reused);
        check.ExitCode.Should().Be(0, check.Stdout);

        _node.Run("portmap", "DEL", "reused", pod.Path, reused).ExitCode.Should().Be(0);
        _node.Ruleset().Should().NotContain("k8snet-hostport");
    }

    /// <summary>The reference's nftables conditions are table-wide: the last ADD's conditions apply to every pod.</summary>
    [RootFact]
    public void Conditions_apply_to_their_own_pods_rules_only()
    {
        var restricted = new JsonObject { ["conditionsV4"] = new JsonArray("ip", "saddr", HostportNode.OutsideIp) };
        var (_, configA, podA) = _node.AddPod("conda", [HostportNode.Map(8112, 80)], extra: restricted);
        var (_, configB, podB) = _node.AddPod("condb", [HostportNode.Map(8113, 80)]);
        HostportNode.Listen(podA, 80, "pod-a");
        HostportNode.Listen(podB, 80, "pod-b");

        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8112).Should().Be("pod-a", "the outside host is the one source A allows");
        HostportNode.Ask(_node.Node, HostportNode.NodeIp, 8112).Should().StartWith("(no answer", "A's condition still holds after B's ADD");
        HostportNode.Ask(_node.Node, HostportNode.NodeIp, 8113).Should().Be("pod-b", "B has no condition, whatever A had");

        _node.Run("portmap", "DEL", "conda", podA.Path, configA).ExitCode.Should().Be(0);
        _node.Run("portmap", "DEL", "condb", podB.Path, configB).ExitCode.Should().Be(0);
    }

    /// <summary>
    /// A mapping with conditions lives in a verdict map (jump to the pod's own chain), one without in a data map: the
    /// same port is still refused across the two kinds, either way round, and a repeated ADD that drops or adds the
    /// conditions moves the pod's elements from one kind to the other.
    /// </summary>
    [RootFact]
    public void A_port_taken_with_conditions_is_refused_without_them_and_the_other_way_round_and_an_add_can_switch_kind()
    {
        var restricted = new JsonObject { ["conditionsV4"] = new JsonArray("ip", "saddr", HostportNode.OutsideIp) };
        var (resultA, _, podA) = _node.AddPod("kinda", [HostportNode.Map(8114, 80)], extra: restricted);
        var (_, configB, podB) = _node.AddPod("kindb", [HostportNode.Map(8115, 80)]);
        HostportNode.Listen(podA, 80, "pod-a");

        foreach (var (id, port, extra, holder) in new[] { ("kindc", 8114, (JsonObject?)null, "id=kinda"), ("kindd", 8115, restricted, "id=kindb") })
        {
            var other = _node.NewPod();
            var bridge = _node.Run("bridge", "ADD", id, other.Path, _node.BridgeConfig());
            var refused = _node.Run("portmap", "ADD", id, other.Path, HostportNode.PortmapConfig(bridge.Stdout, [HostportNode.Map(port, 80)], extra: extra?.DeepClone().AsObject()));
            refused.ExitCode.Should().NotBe(0, $"{port} is taken");
            refused.Stdout.Should().Contain("\"code\":102").And.Contain(port.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain(holder);
        }

        var unrestricted = HostportNode.PortmapConfig(resultA, [HostportNode.Map(8114, 80)]);
        var again = _node.Run("portmap", "ADD", "kinda", podA.Path, unrestricted);
        again.ExitCode.Should().Be(0, again.Stdout + again.Stderr);
        HostportNode.Ask(_node.Node, HostportNode.NodeIp, 8114).Should().Be("pod-a", "without its conditions the node reaches A too");
        _node.Run("portmap", "CHECK", "kinda", podA.Path, unrestricted).ExitCode.Should().Be(0);
        _node.Ruleset().Should().NotContain("jump dnat-", "no attachment has conditions any more");

        _node.Run("portmap", "DEL", "kinda", podA.Path, unrestricted).ExitCode.Should().Be(0);
        _node.Run("portmap", "DEL", "kindb", podB.Path, configB).ExitCode.Should().Be(0);
        _node.Ruleset().Should().NotContain("k8snet-hostport");
    }

    [RootFact]
    public void Check_fails_when_a_rule_or_route_localnet_is_gone()
    {
        var (_, portmap, pod) = _node.AddPod("chk", [HostportNode.Map(8085, 80)]);
        _node.Run("portmap", "CHECK", "chk", pod.Path, portmap).ExitCode.Should().Be(0);

        _node.Node.Exec("sysctl -qw net.ipv4.conf.cnio0.route_localnet=0");
        var sysctl = _node.Run("portmap", "CHECK", "chk", pod.Path, portmap);
        sysctl.ExitCode.Should().NotBe(0);
        sysctl.Stdout.Should().Contain("route_localnet");

        _node.Node.Exec("sysctl -qw net.ipv4.conf.cnio0.route_localnet=1 && nft delete element ip k8snet-hostports dnat-any '{ tcp . 8085 }'");
        var element = _node.Run("portmap", "CHECK", "chk", pod.Path, portmap);
        element.ExitCode.Should().NotBe(0);
        element.Stdout.Should().Contain("map dnat-any has no element tcp * 8085");

        _node.Node.Exec("nft flush chain ip k8snet-hostports prerouting");
        var jump = _node.Run("portmap", "CHECK", "chk", pod.Path, portmap);
        jump.Stdout.Should().Contain("prerouting");
    }

    [RootFact]
    public void Gc_removes_the_mappings_of_attachments_that_are_not_valid_any_more()
    {
        var (_, keepConfig, keep) = _node.AddPod("keep", [HostportNode.Map(8086, 80)]);
        var (_, _, gone) = _node.AddPod("gone", [HostportNode.Map(8087, 80)]);
        HostportNode.Listen(keep, 80, "kept");

        var gc = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "hostnet",
            ["type"] = "portmap",
            ["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "keep", ["ifname"] = "eth0" }),
        };
        var result = _node.Run("portmap", "GC", string.Empty, string.Empty, gc.ToJsonString());

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        _node.Ruleset().Should().Contain("id=keep").And.NotContain("id=gone");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8086).Should().Be("kept");
        _ = gone;
        _node.Run("portmap", "DEL", "keep", keep.Path, keepConfig).ExitCode.Should().Be(0);
    }

    [RootTheory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Every_spec_version_passes_the_bridge_result_on_and_maps_the_port(string version)
    {
        var pod = _node.NewPod();
        var old = version is "0.1.0" or "0.2.0";
        var bridge = _node.Run("bridge", "ADD", "v" + version.Replace(".", string.Empty), pod.Path, _node.BridgeConfig(version: old ? "1.0.0" : version));
        bridge.ExitCode.Should().Be(0, bridge.Stdout);
        if (old)
        {
            // The bridge speaks 0.3.0+; a runtime on 0.1.0/0.2.0 hands portmap a result of that shape: ip4, no interfaces.
            var ip = JsonNode.Parse(bridge.Stdout)!["ips"]![0]!["address"]!.GetValue<string>();
            bridge = bridge with { Stdout = "{\"cniVersion\":\"" + version + "\",\"ip4\":{\"ip\":\"" + ip + "\",\"gateway\":\"10.244.0.1\"},\"dns\":{}}" };
        }

        var id = "v" + version.Replace(".", string.Empty);
        var config = HostportNode.PortmapConfig(bridge.Stdout, [HostportNode.Map(8110, 80)], version);

        var mapped = _node.Run("portmap", "ADD", id, pod.Path, config);

        mapped.ExitCode.Should().Be(0, mapped.Stdout);
        JsonNode.Parse(mapped.Stdout)!["cniVersion"]!.GetValue<string>().Should().Be(version);
        if (version is "0.1.0" or "0.2.0")
        {
            JsonNode.Parse(mapped.Stdout)!["ip4"]!["ip"]!.GetValue<string>().Should().Be(JsonNode.Parse(bridge.Stdout)!["ip4"]!["ip"]!.GetValue<string>());
        }
        else
        {
            JsonNode.Parse(mapped.Stdout)!["ips"]!.ToJsonString().Should().Be(JsonNode.Parse(bridge.Stdout)!["ips"]!.ToJsonString(), "prevResult is passed on");
        }

        HostportNode.Listen(pod, 80, "v-ok");
        HostportNode.Ask(_node.Outside, HostportNode.NodeIp, 8110).Should().Be("v-ok");
        if (version is "0.4.0" or "1.0.0" or "1.1.0") // CHECK exists from 0.4.0 on
        {
            _node.Run("portmap", "CHECK", id, pod.Path, config).ExitCode.Should().Be(0);
        }

        _node.Run("portmap", "DEL", id, pod.Path, config).ExitCode.Should().Be(0);
    }

    [RootFact]
    public void Add_and_check_without_prev_result_are_refused_and_add_without_mappings_passes_it_on_untouched()
    {
        var pod = _node.NewPod();
        var noPrev = _node.Run("portmap", "ADD", "noprev", pod.Path, HostportNode.PortmapConfig(string.Empty, [HostportNode.Map(8111, 80)]));
        noPrev.ExitCode.Should().NotBe(0);
        noPrev.Stdout.Should().Contain("must be called as chained plugin");
        _node.Run("portmap", "CHECK", "noprev", pod.Path, HostportNode.PortmapConfig(string.Empty, [])).Stdout.Should().Contain("Required prevResult missing");

        var bridge = _node.Run("bridge", "ADD", "nomap", pod.Path, _node.BridgeConfig());
        var passed = _node.Run("portmap", "ADD", "nomap", pod.Path, HostportNode.PortmapConfig(bridge.Stdout, []));
        passed.ExitCode.Should().Be(0);
        JsonNode.Parse(passed.Stdout)!["ips"]!.ToJsonString().Should().Be(JsonNode.Parse(bridge.Stdout)!["ips"]!.ToJsonString());
        _node.Ruleset().Should().NotContain("k8snet-hostports", "no mappings, no rules");
    }

    private static int CountOf(string text, string needle) => text.Split(needle).Length - 1;
}
