namespace K8sNet.Agent.Watch;

/// <summary>
/// Waits between retries and before re-lists, jittered so that thousands of agents that lost the same API server at
/// the same moment do not come back in lockstep: a retry waits a uniformly random time in [d/2, d], d doubling from
/// <see cref="First"/> to <see cref="Max"/> ("equal jitter"); a re-list after 410 waits a random time in
/// [0, <see cref="RelistSpread"/>); a watch lasts a random time in [Resync, 2·Resync) as client-go's reflector does.
/// </summary>
public sealed class Backoff(TimeSpan first, TimeSpan max, TimeSpan relistSpread, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public static Backoff Default => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));

    public TimeSpan First { get; } = first;

    public TimeSpan Max { get; } = max;

    public TimeSpan RelistSpread { get; } = relistSpread;

    /// <summary>The ceiling of the wait after <paramref name="failures"/> failures in a row (1, 2, …).</summary>
    public TimeSpan Ceiling(int failures)
    {
        var doubled = First.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(doubled, Max.Ticks));
    }

    /// <summary>How long to wait before retry number <paramref name="failures"/>.</summary>
    public TimeSpan Retry(int failures)
    {
        var ceiling = Ceiling(failures);
        return ceiling / 2 + TimeSpan.FromTicks((long)(_random.NextDouble() * (ceiling.Ticks / 2)));
    }

    public TimeSpan Relist() => TimeSpan.FromTicks((long)(_random.NextDouble() * RelistSpread.Ticks));

    /// <summary>The timeoutSeconds of one watch request, in [resync, 2·resync).</summary>
    public int WatchSeconds(TimeSpan resync) => (int)Math.Max(1, resync.TotalSeconds * (1 + _random.NextDouble()));
}
