using System.Net;
using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Crash;

/// <summary>
/// The end-to-end twin of the Ipam crash-simulation tests: the binary is SIGKILLed between each durable write step of
/// the lease store (ipam:* crash points), and a fresh process must find a consistent store: no torn lease, DEL frees
/// what the dead ADD took, and a new ADD gets an address.
/// </summary>
[Trait("Category", "RequiresRoot")]
[Collection(FaultBuildCollection.Name)]
public sealed class StoreDurabilityTests
{
    private const int Killed = 137;

    public static TheoryData<string> AddSteps() =>
        new("lease-temp-written", "lease-linked", "temp-removed", "index-written", "last-reserved-written");

    public static TheoryData<string> DelSteps() => new("lease-unlinked", "index-written");

    [RootTheory]
    [MemberData(nameof(AddSteps))]
    public void An_add_killed_at_a_store_step_leaves_a_store_that_del_and_add_can_use(string step)
    {
        using var node = new ReliabilityNode();
        var config = node.Config(ipMasq: false);
        var pod = node.NewPod();

        var crashed = Crash(node, "ADD", pod, "victim", config, step);

        crashed.ExitCode.Should().Be(Killed, $"the crash point ipam:{step} is reached: {crashed.Stdout}{crashed.Stderr}");
        AssertNoTornLease(node);
        node.Del(pod, "victim", config).ShouldSucceed();
        LeasesOf(node, "victim").Should().BeEmpty("DEL frees whatever the killed ADD took");
        AssertNoTornLease(node);
        AssertANewAddWorks(node, config);
    }

    [RootTheory]
    [MemberData(nameof(DelSteps))]
    public void A_del_killed_at_a_store_step_is_finished_by_the_next_del(string step)
    {
        using var node = new ReliabilityNode();
        var config = node.Config(ipMasq: false);
        var pod = node.NewPod();
        node.Add(pod, "victim", config).ShouldSucceed();

        var crashed = Crash(node, "DEL", pod, "victim", config, step);

        crashed.ExitCode.Should().Be(Killed, $"the crash point ipam:{step} is reached: {crashed.Stdout}{crashed.Stderr}");
        AssertNoTornLease(node);
        node.Del(pod, "victim", config).ShouldSucceed();
        LeasesOf(node, "victim").Should().BeEmpty();
        AssertANewAddWorks(node, config);
    }

    private static BinaryReply Crash(ReliabilityNode node, string verb, TestNetNs pod, string id, string config, string step)
    {
        var env = ReliabilityNode.Env(verb, id, pod.Path);
        env["K8SNET_CRASH_AT"] = "ipam:" + step;
        return node.Run(env, config, FaultBinary.Path);
    }

    private static void AssertANewAddWorks(ReliabilityNode node, string config)
    {
        var add = node.Add(node.NewPod(), "after-crash", config);
        add.ShouldSucceed();
        var address = add.SingleObject().GetProperty("ips")[0].GetProperty("address").GetString()!;
        LeasesOf(node, "after-crash").Should().Equal(address.Split('/')[0]);
    }

    /// <summary>Every lease file (named by its address) names a container and an interface, as the reference writes it.</summary>
    private static void AssertNoTornLease(ReliabilityNode node)
    {
        foreach (var (ip, content) in Leases(node))
        {
            content.Split("\r\n").Should().HaveCount(2, $"lease {ip} is whole (container ID, CRLF, ifname)").And.NotContain(string.Empty);
        }
    }

    private static List<string> LeasesOf(ReliabilityNode node, string id) =>
        Leases(node).Where(l => l.Content.Split("\r\n")[0] == id).Select(l => l.Ip).ToList();

    private static List<(string Ip, string Content)> Leases(ReliabilityNode node)
    {
        var dir = Path.Combine(node.DataDir, "rel");
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Where(f => IPAddress.TryParse(Path.GetFileName(f), out _)).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList()
            : [];
    }
}
