using Microsoft.Extensions.Logging;

namespace K8sNet.Ipam.Store;

/// <summary>What the store needs from the machine, injectable for tests.</summary>
/// <param name="BootId">This boot's id (/proc/sys/kernel/random/boot_id), recorded with each lease.</param>
/// <param name="ReadBootTimeUtc">When this boot started: reference-written leases older than this are from an earlier
/// boot. Read only when a reclaim needs it (/proc/stat is costly to generate, and most ADDs never reclaim).</param>
/// <param name="TornLeaseGrace">How old an empty lease file must be before it counts as torn (see <see cref="LeaseStore"/>).</param>
/// <param name="StepHook">Called with a step name after each durable write step; tests throw from it to simulate a crash.</param>
public sealed record StoreContext(
    string BootId,
    Func<DateTime> ReadBootTimeUtc,
    Func<DateTime> UtcNow,
    Func<string, bool> NetNsExists,
    TimeSpan TornLeaseGrace,
    Action<string>? StepHook,
    ILogger Logger)
{
    private DateTime? _bootTimeUtc;

    public DateTime BootTimeUtc => _bootTimeUtc ??= ReadBootTimeUtc();

    public void Step(string name) => StepHook?.Invoke(name);
}
