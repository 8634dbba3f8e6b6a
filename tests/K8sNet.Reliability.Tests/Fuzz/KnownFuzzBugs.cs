namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// Crashes fuzzing found that are reported and not fixed yet, recognised by their stack so the fuzz run keeps looking
/// for new ones. Each has a skipped regression fact in <see cref="FuzzFoundBugTests"/>; delete the entry once fixed.
/// </summary>
public static class KnownFuzzBugs
{
    private static readonly (string Name, string[] Signature)[] Bugs =
    [
        ("null element in an ipam list (ranges [[null]], routes [null]) → NullReferenceException → 999",
            ["NullReferenceException", "K8sNet.Ipam.Config."]),
        ("invalid UTF-8 inside the cniVersion string → PeekVersion throws InvalidOperationException → 999",
            ["Cannot transcode invalid UTF-8", "PeekVersion"]),
        ("NUL inside ipam.dataDir → ArgumentException from Path.GetFullPath → 999",
            ["Null character in path"]),
    ];

    public static int Hits;

    public static bool Explains(string? details)
    {
        var known = details is not null && Bugs.Any(b => b.Signature.All(part => details.Contains(part, StringComparison.Ordinal)));
        if (known)
        {
            Interlocked.Increment(ref Hits);
        }

        return known;
    }
}
