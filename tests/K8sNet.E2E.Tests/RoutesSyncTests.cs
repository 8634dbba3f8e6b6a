using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// `k8snet routes sync` through the published binary, inside a throwaway node netns whose eth0 (a dummy link) is on
/// the seeds' node network 10.240.0.0/24 (and fd00:240::/64): routes are read back from that namespace's kernel.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class RoutesSyncTests : IDisposable
{
    private readonly TestNetNs _node = TestNetNs.Create("rt");
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-routes-").FullName;

    public RoutesSyncTests()
    {
        try
        {
            _node.Exec("ip link add eth0 type veth peer name eth0peer && ip link set eth0 addrgenmode none && ip link set eth0peer addrgenmode none && ip addr add 10.240.0.20/24 dev eth0 && ip addr add fd00:240::20/64 dev eth0 nodad && ip link set eth0peer up && ip link set eth0 up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private string StateFile => Path.Combine(_dir, "routes.json");

    private static string Node(string name, string ips, params string[] cidrs)
    {
        var addresses = string.Join(",", ips.Split(',').Select(ip => "{\"type\":\"InternalIP\",\"address\":\"" + ip + "\"}"));
        return "{\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"u-" + name + "\"},\"spec\":{\"podCIDRs\":[" +
            string.Join(",", cidrs.Select(c => "\"" + c + "\"")) + "]},\"status\":{\"addresses\":[" + addresses +
            ",{\"type\":\"Hostname\",\"address\":\"" + name + "\"}]}}";
    }

    private string NodeList(params string[] nodes)
    {
        var path = Path.Combine(_dir, $"nodes-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{"apiVersion":"v1","kind":"List","items":[{{string.Join(",", nodes)}}]}""");
        return path;
    }

    private static readonly string W0 = Node("w0", "10.240.0.20,fd00:240::20", "10.200.0.0/24", "fd00:200:0::/64");
    private static readonly string W1 = Node("w1", "10.240.0.21,fd00:240::21", "10.200.1.0/24", "fd00:200:1::/64");
    private static readonly string W2 = Node("w2", "10.240.0.22", "10.200.2.0/24");

    private CommandResult Sync(string nodes, params string[] extra) =>
        OperatorCli.Run(_node, ["routes", "sync", "--nodes", nodes, "--state-file", StateFile, .. extra]);

    /// <summary>Both families' routes of our protocol, as `ip route` prints them.</summary>
    private string OurRoutes() => _node.Exec("ip -4 route show proto 58; ip -6 route show proto 58 | sed 's/ pref medium/ /'");

    private string AllRoutes() => _node.Exec("ip -4 route show table all; ip -6 route show table all");

    [RootFact]
    public void Sync_makes_a_route_to_every_other_nodes_pod_CIDRs_of_both_families_and_a_second_sync_writes_nothing()
    {
        var nodes = NodeList(W0, W1, W2);

        var first = Sync(nodes);

        first.ExitCode.Should().Be(0, first.Stdout + first.Stderr);
        first.Stdout.Should().Contain("node w0: 3 added, 0 replaced, 0 deleted, 0 unchanged, 0 not installed");
        OurRoutes().Should().Be(
            "10.200.1.0/24 via 10.240.0.21 dev eth0 \n10.200.2.0/24 via 10.240.0.22 dev eth0 \nfd00:200:1::/64 via fd00:240::21 dev eth0 metric 1024 \n");
        File.ReadAllText(StateFile).Should().Contain("\"destination\": \"10.200.2.0/24\"").And.Contain("\"node\": \"w2\"");

        // The kernel's own event stream shows whether the second sync wrote anything (no link-local addresses are being
        // made meanwhile: addrgenmode none).
        var monitor = _node.Exec(
            $"ip monitor route > {_dir}/monitor & m=$!; sleep 0.3; " +
            $"{PublishedBinary.Path} routes sync --nodes {nodes} --state-file {StateFile} > {_dir}/second; echo exit=$?; sleep 0.3; kill $m; cat {_dir}/monitor");

        monitor.Should().Be("exit=0\n", "a second sync in a row sends no route change to the kernel");
        File.ReadAllText(Path.Combine(_dir, "second")).Should().Contain("0 added, 0 replaced, 0 deleted, 3 unchanged");
    }

    [RootFact]
    public void Inspect_shows_our_routes_with_the_node_each_leads_to_and_not_a_foreign_one()
    {
        _node.Exec("ip route add 10.200.9.0/24 via 10.240.0.29 proto static");
        Sync(NodeList(W0, W1, W2)).ExitCode.Should().Be(0);
        _node.Exec("ip route add 10.200.8.0/24 via 10.240.0.28 proto 58"); // ours by protocol, but no sync made it
        var config = Path.Combine(_dir, "node.conf");
        File.WriteAllText(config, """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"dataDir":"/nonexistent/k8snet-e2e"}}""");

        var table = OperatorCli.Run(_node, "inspect", "--config", config, "--state-file", StateFile);
        var json = OperatorCli.Run(_node, "inspect", "--config", config, "--state-file", StateFile, "-o", "json");

        table.Stdout.Should().Contain("node routes (proto 58, made by k8snet routes sync/watch)")
            .And.MatchRegex(@"10\.200\.1\.0/24 +10\.240\.0\.21 +eth0 +w1\n")
            .And.MatchRegex(@"10\.200\.2\.0/24 +10\.240\.0\.22 +eth0 +w2\n")
            .And.MatchRegex(@"fd00:200:1::/64 +fd00:240::21 +eth0 +w1\n")
            .And.MatchRegex(@"10\.200\.8\.0/24 +10\.240\.0\.28 +eth0 +\? \(not in the last sync's record\)")
            .And.NotContain("10.200.9.0/24");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        doc.RootElement.GetProperty("nodeRoutes").EnumerateArray()
            .Select(r => $"{r.GetProperty("destination").GetString()}>{r.GetProperty("node").GetString()}")
            .Should().BeEquivalentTo("10.200.1.0/24>w1", "10.200.2.0/24>w2", "10.200.8.0/24>", "fd00:200:1::/64>w1");
    }

    [RootFact]
    public void A_node_that_leaves_loses_its_route_and_a_node_whose_IP_changed_gets_the_new_next_hop()
    {
        Sync(NodeList(W0, W1, W2)).ExitCode.Should().Be(0);

        var second = Sync(NodeList(W0, Node("w1", "10.240.0.31,fd00:240::21", "10.200.1.0/24", "fd00:200:1::/64")));

        second.ExitCode.Should().Be(0, second.Stdout + second.Stderr);
        second.Stdout.Should().Contain("replace 10.200.1.0/24 via 10.240.0.31 (node w1): was via 10.240.0.21")
            .And.Contain("delete 10.200.2.0/24 via 10.240.0.22: no node has this pod CIDR any more");
        OurRoutes().Should().Be("10.200.1.0/24 via 10.240.0.31 dev eth0 \nfd00:200:1::/64 via fd00:240::21 dev eth0 metric 1024 \n");
    }

    [RootFact]
    public void A_foreign_route_to_a_pod_CIDR_is_never_touched_and_is_reported()
    {
        _node.Exec("ip route add 10.200.1.0/24 via 10.240.0.99 proto static");
        Sync(NodeList(W0, W2)).ExitCode.Should().Be(0);
        _node.Exec("ip route add 10.200.2.0/25 via 10.240.0.98"); // a more specific foreign route: not ours, not wanted

        var sync = Sync(NodeList(W0, W1, W2));

        sync.ExitCode.Should().Be(3, "a wanted route was not installed\n" + sync.Stdout + sync.Stderr);
        sync.Stderr.Should().Contain("10.200.1.0/24 via 10.240.0.21 (node w1): not installed: a route of someone else is there (10.200.1.0/24 via 10.240.0.99 proto static); left alone");
        _node.Exec("ip -4 route show 10.200.1.0/24").Should().Be("10.200.1.0/24 via 10.240.0.99 dev eth0 proto static \n");
        _node.Exec("ip -4 route show 10.200.2.0/25").Should().Be("10.200.2.0/25 via 10.240.0.98 dev eth0 \n");

        // The node leaves: our route goes, the foreign ones stay.
        Sync(NodeList(W0)).ExitCode.Should().Be(0);
        _node.Exec("ip -4 route show proto 58").Should().BeEmpty();
        _node.Exec("ip -4 route show 10.200.1.0/24 proto static").Should().NotBeEmpty();
        _node.Exec("ip -4 route show 10.200.2.0/25").Should().NotBeEmpty();
    }

    [RootFact]
    public void A_next_hop_off_the_connected_subnets_is_reported_not_installed()
    {
        var sync = Sync(NodeList(W0, Node("far", "192.168.77.5", "10.200.5.0/24"), W2));

        sync.ExitCode.Should().Be(3, sync.Stdout + sync.Stderr);
        sync.Stderr.Should().Contain("10.200.5.0/24 via 192.168.77.5 (node far): not installed: next hop 192.168.77.5 is not on a directly connected subnet of this host (10.240.0.0/24)");
        OurRoutes().Should().Be("10.200.2.0/24 via 10.240.0.22 dev eth0 \n");
    }

    [RootFact]
    public void Dry_run_and_a_bad_node_list_change_nothing_and_stdin_works()
    {
        var before = AllRoutes();

        var dry = Sync(NodeList(W0, W1, W2), "--dry-run");
        var bad = Sync(NodeList(W0, Node("w1", "10.240.0.21", "10.200.1.7/24"), W2));
        var wrongFamily = Sync(NodeList(W0, Node("w1", "10.240.0.21", "10.200.1.0/24"), Node("w3", "fd00:240::23", "10.200.3.0/24")));
        var notAList = OperatorCli.Run(_node, "routes", "sync", "--nodes", NodeList(W0).Replace(".json", ".missing", StringComparison.Ordinal));

        dry.ExitCode.Should().Be(0, dry.Stderr);
        dry.Stdout.Should().Contain("would add 10.200.1.0/24 via 10.240.0.21 (node w1)").And.Contain("dry run, nothing changed: node w0: 3 to add");
        bad.ExitCode.Should().Be(1);
        bad.Stderr.Should().Contain("node w1: spec.podCIDRs[0]: \"10.200.1.7/24\" is not a network: host bits are set").And.Contain("nothing changed");
        wrongFamily.ExitCode.Should().Be(3, "the IPv4 CIDR of a node with only an IPv6 InternalIP gets no route\n" + wrongFamily.Stderr);
        wrongFamily.Stderr.Should().Contain("10.200.3.0/24 (node w3): not installed: the node has no InternalIP of the CIDR's family (fd00:240::23)");
        notAList.ExitCode.Should().Be(1);
        notAList.Stderr.Should().StartWith("k8snet routes sync: ").And.NotContain("   at ");
        _node.Exec("ip -4 route show proto 58").Should().Be("10.200.1.0/24 via 10.240.0.21 dev eth0 \n", "only the wrong-family run wrote, and only w1's route");
        _node.Exec("ip -4 route del 10.200.1.0/24 proto 58");
        AllRoutes().Should().Be(before);

        var piped = Command.Run("ip", ["netns", "exec", _node.Name, PublishedBinary.Path, "routes", "sync", "--nodes", "-", "--state-file", StateFile],
            File.ReadAllText(NodeList(W0, W1)), new Dictionary<string, string?> { ["CNI_COMMAND"] = null });
        piped.ExitCode.Should().Be(0, piped.Stderr);
        _node.Exec("ip -4 route show proto 58").Should().Be("10.200.1.0/24 via 10.240.0.21 dev eth0 \n");
    }

    public void Dispose()
    {
        _node.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
