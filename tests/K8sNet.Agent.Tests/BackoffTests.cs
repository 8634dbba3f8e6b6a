using K8sNet.Agent.Watch;

namespace K8sNet.Agent.Tests;

/// <summary>
/// Retries and re-lists are spread out, so that 5,000 agents that lost the same API server do not come back in
/// lockstep: the computed waits of 5,000 agents (one Random each, as separate processes have) cover their window.
/// </summary>
public sealed class BackoffTests
{
    private static List<double> Waits(Func<Backoff, TimeSpan> pick, int agents = 5000) =>
        [.. Enumerable.Range(0, agents).Select(seed => pick(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), new Random(seed))).TotalSeconds)];

    [Fact]
    public void Retry_waits_double_to_the_ceiling_and_are_spread_over_its_upper_half()
    {
        var backoff = Backoff.Default;
        Enumerable.Range(1, 7).Select(n => backoff.Ceiling(n).TotalSeconds).Should().Equal(1, 2, 4, 8, 16, 30, 30);

        var waits = Waits(b => b.Retry(4)); // ceiling 8 s: every wait in [4, 8]
        waits.Should().OnlyContain(w => w >= 4 && w <= 8);
        Spread(waits, 4, 8);
    }

    [Fact]
    public void Relists_after_410_are_spread_over_the_relist_window()
    {
        var waits = Waits(b => b.Relist());
        waits.Should().OnlyContain(w => w >= 0 && w < 2);
        Spread(waits, 0, 2);
    }

    [Fact]
    public void Watch_requests_last_between_one_and_two_resync_periods()
    {
        var seconds = Waits(b => TimeSpan.FromSeconds(b.WatchSeconds(TimeSpan.FromSeconds(300))));
        seconds.Should().OnlyContain(s => s >= 300 && s < 600);
        Spread(seconds, 300, 600);
    }

    /// <summary>No second holds more than 2 % of the agents, and every tenth of the window holds 5-15 % of them.</summary>
    private static void Spread(List<double> waits, double low, double high)
    {
        var width = (high - low) / 10;
        var tenths = waits.GroupBy(w => Math.Min(9, (int)((w - low) / width))).ToDictionary(g => g.Key, g => g.Count());
        Enumerable.Range(0, 10).Should().OnlyContain(t => tenths.GetValueOrDefault(t) > waits.Count * 0.05 && tenths.GetValueOrDefault(t) < waits.Count * 0.15,
            "a uniform spread puts about 10 % in each tenth of the window");
        waits.GroupBy(w => Math.Round(w, 3)).Max(g => g.Count()).Should().BeLessThan(waits.Count / 50, "no millisecond is shared by many agents");
    }
}
