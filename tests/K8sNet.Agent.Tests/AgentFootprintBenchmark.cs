using System.Globalization;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;
using static K8sNet.Agent.Tests.RunningAgent;

namespace K8sNet.Agent.Tests;

/// <summary>
/// On demand (Category=Benchmark, not in CI): the published agent's size, its resident memory once synced with 3 and
/// with 1,000 Nodes, and the shared libraries it has mapped (what an image must carry), written to
/// artifacts/agent-footprint.txt for docs/agent.md.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AgentFootprintBenchmark
{
    [RootFact]
    public void Size_RSS_and_loaded_libraries()
    {
        var report = new List<string> { $"k8snet-agent {new FileInfo(AgentNode.Agent).Length} bytes, k8snet {new FileInfo(PublishedBinary.Path).Length} bytes" };
        foreach (var count in new[] { 3, 1000 })
        {
            using var node = new AgentNode();
            node.Node.Exec("ip addr add 10.240.0.2/16 dev eth0");
            for (var i = 0; i < count; i++)
            {
                node.Server.Add(NodeObjects.Node(i == 0 ? "w0" : $"n{i}", i == 0 ? "10.240.0.20" : $"10.240.{1 + (i / 250)}.{1 + (i % 250)}", $"10.{100 + (i / 250)}.{i % 250}.0/24"));
            }

            var agent = node.Start(["routes", "--kubeconfig", node.Kubeconfig, "--state-file", node.StateFile, "--conf-dir", node.Dir, "--node-name", "w0"]);
            Eventually(() => agent.Get("/readyz").Status == 200, 120).Should().BeTrue(agent.Output);
            Eventually(() => agent.Metric("k8snet_agent_routes{family=\"ipv4\"}") == count - 1, 60).Should().BeTrue(agent.Get("/metrics").Body);
            Thread.Sleep(3000);
            var status = File.ReadAllLines($"/proc/{agent.Process.Id}/status");
            string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim();
            report.Add($"{count} nodes: {count - 1} routes; VmRSS {Field("VmRSS")}, VmHWM {Field("VmHWM")}, threads {Field("Threads")}");
            if (count == 3)
            {
                var libraries = File.ReadAllLines($"/proc/{agent.Process.Id}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
                    .Where(p => p.Contains(".so", StringComparison.Ordinal)).Distinct().Order();
                report.Add("mapped: " + string.Join(" ", libraries));
            }

            agent.Terminate(TimeSpan.FromSeconds(5)).Should().Be(0);
        }

        var file = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(PublishedBinary.Path))!, "agent-footprint.txt");
        File.WriteAllLines(file, [$"{DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)}", .. report]);
    }
}
