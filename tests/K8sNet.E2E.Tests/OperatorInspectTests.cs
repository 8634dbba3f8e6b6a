using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

[Trait("Category", "RequiresRoot")]
public sealed class OperatorInspectTests
{
    [RootFact]
    public void Inspect_reports_exactly_the_attachments_that_exist_and_how_they_are_wired()
    {
        using var node = new CniNode();
        var config = OperatorCli.IptablesConfig(node);
        var pods = new[] { node.NewPod(), node.NewPod() };
        node.Add(pods[0], "ctr-a", config).EnsureSuccess("ADD a");
        node.Add(pods[1], "ctr-b", config).EnsureSuccess("ADD b");

        var run = OperatorCli.Run(node.Node, "inspect", "--config", OperatorCli.ConfigFile(node, config), "--output", "json");

        run.ExitCode.Should().Be(0, run.Stderr);
        var root = Json.Parse(run.Stdout);
        root.GetProperty("findings").GetArrayLength().Should().Be(0);
        var network = root.GetProperty("networks")[0];
        network.GetProperty("bridge").GetProperty("name").GetString().Should().Be("cnio0");
        network.GetProperty("bridge").GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Contain("10.200.0.1/24");
        var attachments = network.GetProperty("attachments").EnumerateArray().ToList();
        attachments.Select(a => a.GetProperty("containerID").GetString()).Should().BeEquivalentTo("ctr-a", "ctr-b");
        foreach (var (attachment, pod) in attachments.Zip(pods))
        {
            var podEnd = attachment.GetProperty("pod");
            var veth = attachment.GetProperty("hostVeth");
            // What the kernel says, through iproute2: the pod's eth0 pairs with this host veth, which sits on cnio0.
            pod.Exec("ip -o link show eth0").Should().Contain($"eth0@if{veth.GetProperty("index").GetInt32()}");
            node.Node.Exec($"ip -o link show {veth.GetProperty("name").GetString()}").Should().Contain("master cnio0");
            podEnd.GetProperty("mac").GetString().Should().StartWith("0a:58:");
            podEnd.GetProperty("addresses")[0].GetString().Should().StartWith("10.200.0.");
            attachment.GetProperty("routes").EnumerateArray().Select(r => r.GetString()).Should().Contain("default via 10.200.0.1 dev eth0");
            attachment.GetProperty("netnsInode").GetUInt64().Should().Be(ulong.Parse(pod.Exec("stat -L -c %i /proc/self/ns/net").Trim()));
            attachment.GetProperty("leases").GetArrayLength().Should().Be(1);
            attachment.GetProperty("natChains").GetArrayLength().Should().BeGreaterThan(0);
        }
    }

    [RootFact]
    public void Inspect_spots_a_pod_whose_netns_was_deleted_behind_the_plugins_back()
    {
        using var node = new CniNode();
        var config = node.SeedConfig();
        var alive = node.NewPod();
        var doomed = node.NewPod();
        node.Add(alive, "alive", config).EnsureSuccess("ADD alive");
        node.Add(doomed, "doomed", config).EnsureSuccess("ADD doomed");
        doomed.Dispose();
        OperatorCli.WaitForVeths(node, 1);

        var run = OperatorCli.Run(node.Node, "inspect", "--config", OperatorCli.ConfigFile(node, config), "-o", "json");
        var table = OperatorCli.Run(node.Node, "inspect", "--config", OperatorCli.ConfigFile(node, config));

        run.ExitCode.Should().Be(3, "findings make inspect exit 3 for scripts");
        var findings = Json.Parse(run.Stdout).GetProperty("findings").EnumerateArray().ToList();
        findings.Should().ContainSingle();
        findings[0].GetProperty("kind").GetString().Should().Be("LeaseWithoutNetns");
        findings[0].GetProperty("subject").GetString().Should().Be("doomed/eth0");
        table.Stdout.Should().Contain("LeaseWithoutNetns").And.Contain("GONE");
    }

    [RootFact]
    public void Leases_lists_container_ifname_ip_and_netns()
    {
        using var node = new CniNode();
        var config = node.SeedConfig(ipMasq: false);
        var pod = node.NewPod();
        node.Add(pod, "ctr-l", config, ifName: "net1").EnsureSuccess("ADD");

        var run = OperatorCli.Run(node.Node, "leases", "--config", OperatorCli.ConfigFile(node, config), "--network", "bridge");

        run.ExitCode.Should().Be(0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("NETWORK").And.Contain("AGE");
        lines.Should().HaveCount(2);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().StartWith(["bridge", "ctr-l", "net1", "10.200.0.2"]).And.EndWith(pod.Path);
    }

    [RootFact]
    public void Inspect_renders_dot_for_graphviz()
    {
        using var node = new CniNode();
        var config = node.SeedConfig(ipMasq: false);
        node.Add(node.NewPod(), "ctr-d", config).EnsureSuccess("ADD");

        var run = OperatorCli.Run(node.Node, "inspect", "--config", OperatorCli.ConfigFile(node, config), "-o", "dot");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().StartWith("digraph k8snet").And.Contain("pod_bridge_ctr_d_eth0 -> veth_").And.Contain("-> br_bridge");
    }
}
