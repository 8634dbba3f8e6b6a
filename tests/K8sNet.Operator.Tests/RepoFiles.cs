namespace K8sNet.Operator.Tests;

/// <summary>The repository's conf/ directory, copied next to the test assembly by the csproj.</summary>
internal static class RepoFiles
{
    public static string ConfDir => Path.Combine(AppContext.BaseDirectory, "conf");

    public static IEnumerable<object[]> ConfFiles() =>
        Directory.GetFiles(ConfDir).Where(f => f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".conflist", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileName(f) });
}
