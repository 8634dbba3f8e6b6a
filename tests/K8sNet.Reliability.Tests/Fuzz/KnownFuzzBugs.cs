namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// Crashes fuzzing found that are reported and not fixed yet, recognised by their stack so the fuzz run keeps looking
/// for new ones. Each has a skipped regression fact in <see cref="FuzzFoundBugTests"/>; delete the entry once fixed.
/// </summary>
public static class KnownFuzzBugs
{
    // Empty: every crash fuzzing found so far is fixed and has a regression fact in FuzzFoundBugTests.
    private static readonly (string Name, string[] Signature)[] Bugs = [];

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
