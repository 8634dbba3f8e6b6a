namespace K8sNet.Ipam;

/// <summary>How <see cref="HostLocalPlugin"/> sees the machine. Defaults read the real one; tests replace parts.</summary>
public sealed class HostLocalOptions
{
    /// <summary>Overrides <c>ipam.dataDir</c> (tests point it at a temp dir).</summary>
    public string? DataDir { get; init; }

    /// <summary>This boot's id; default /proc/sys/kernel/random/boot_id, read once per process (a DEL asks twice).</summary>
    public Func<string> BootId { get; init; } = () => CurrentBootId.Value;

    /// <summary>When this boot began; default from <c>btime</c> in /proc/stat.</summary>
    public Func<DateTime> BootTimeUtc { get; init; } = ReadBootTime;

    /// <summary>Whether a netns path recorded with a lease still exists.</summary>
    public Func<string, bool> NetNsExists { get; init; } = Path.Exists;

    public Func<DateTime> UtcNow { get; init; } = () => DateTime.UtcNow;

    /// <summary>An empty lease file younger than this is left alone (it cannot be in progress under the lock, but be safe).</summary>
    public TimeSpan TornLeaseGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Test hook: called after each durable step of the store; throwing from it simulates a crash there.</summary>
    public Action<string>? StepHook { get; init; }

    private static readonly Lazy<string> CurrentBootId = new(ReadBootId);

    private static string ReadBootId()
    {
        return Store.SmallFile.TryRead("/proc/sys/kernel/random/boot_id")?.Trim() ?? string.Empty;
    }

    private static DateTime ReadBootTime()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("btime ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(6).Trim(), out var seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
                }
            }
        }
        catch (IOException)
        {
        }

        // Unknown boot time: treat nothing as older than this boot.
        return DateTime.MinValue;
    }
}
