using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>
/// A crash after any write step of ADD or DEL (simulated by throwing from the step hook: no cleanup runs, the lock
/// goes with the fd, as when the process dies) leaves a consistent store: no torn lease, no lease the index misses,
/// no address handed out twice, and a retried DEL frees everything.
/// </summary>
public sealed class CrashSafetyTests
{
    private const string DualStack = """{"type":"host-local","dataDir":"DATA","ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/64"}]]}""";

    public static TheoryData<string, int> AddSteps() => new()
    {
        { "lease-temp-written", 1 },
        { "lease-linked", 1 },
        { "lease-linked", 2 },
        { "temp-removed", 1 },
        { "index-written", 1 },
        { "last-reserved-written", 1 },
    };

    public static TheoryData<string, int> DelSteps() => new()
    {
        { "lease-unlinked", 1 },
        { "lease-unlinked", 2 },
        { "index-written", 1 },
    };

    private sealed class SimulatedCrash : Exception;

    private static HostLocalPlugin CrashingAt(string step, int occurrence)
    {
        var seen = 0;
        return new HostLocalPlugin(new HostLocalOptions
        {
            StepHook = name =>
            {
                if (name == step && ++seen == occurrence)
                {
                    throw new SimulatedCrash();
                }
            },
        });
    }

    [Theory]
    [MemberData(nameof(AddSteps))]
    public void A_crash_during_add_leaves_either_no_lease_or_a_complete_indexed_one(string step, int occurrence)
    {
        using var data = new TempDataDir();
        var config = Net(DualStack.Replace("DATA", data.Path, StringComparison.Ordinal));
        var plugin = new HostLocalPlugin();
        plugin.Add(Invocation(config, "before"));

        var crash = () => CrashingAt(step, occurrence).Add(Invocation(config, "victim"));
        crash.Should().Throw<SimulatedCrash>();

        AssertConsistent(data, config, plugin);
        var next = plugin.Add(Invocation(config, "after")).Ips!.Select(i => i.Address.Split('/')[0]).ToList();
        next.Should().NotIntersectWith(plugin.LeasedAddresses(Invocation(config, "before")).Select(a => a.ToString()));
        next.Should().NotIntersectWith(plugin.LeasedAddresses(Invocation(config, "victim")).Select(a => a.ToString()));

        plugin.Del(Invocation(config, "victim", command: CniCommand.Del));
        plugin.LeasedAddresses(Invocation(config, "victim")).Should().BeEmpty();
        data.LeaseNames().Should().HaveCount(4, "only 'before' and 'after' hold addresses once the victim's DEL came");
    }

    [Theory]
    [MemberData(nameof(DelSteps))]
    public void A_crash_during_del_is_finished_by_the_retried_del(string step, int occurrence)
    {
        using var data = new TempDataDir();
        var config = Net(DualStack.Replace("DATA", data.Path, StringComparison.Ordinal));
        var plugin = new HostLocalPlugin();
        plugin.Add(Invocation(config, "keep"));
        plugin.Add(Invocation(config, "victim"));

        var crash = () => CrashingAt(step, occurrence).Del(Invocation(config, "victim", command: CniCommand.Del));
        crash.Should().Throw<SimulatedCrash>();

        AssertConsistent(data, config, plugin);
        plugin.Del(Invocation(config, "victim", command: CniCommand.Del));
        plugin.LeasedAddresses(Invocation(config, "victim")).Should().BeEmpty();
        plugin.LeasedAddresses(Invocation(config, "keep")).Should().HaveCount(2);
        data.LeaseNames().Should().HaveCount(2);
    }

    /// <summary>Every lease file is complete, and the index (after its freshness check) lists each under its owner.</summary>
    private static void AssertConsistent(TempDataDir data, string config, HostLocalPlugin plugin)
    {
        foreach (var name in data.LeaseNames())
        {
            var text = File.ReadAllText(Path.Combine(data.Network(), name));
            text.Should().MatchRegex("^[a-z]+\r\neth0$", $"lease {name} must be complete");
            var owner = text.Split("\r\n")[0];
            plugin.LeasedAddresses(Invocation(config, owner)).Select(a => a.ToString()).Should().Contain(name);
        }
    }
}
