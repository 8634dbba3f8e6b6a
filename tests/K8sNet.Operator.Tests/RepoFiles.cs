namespace K8sNet.Operator.Tests;

/// <summary>The repository's files: conf/ copied next to the test assembly by the csproj; README.md and docs/ in place.</summary>
internal static class RepoFiles
{
    public static string ConfDir => Path.Combine(AppContext.BaseDirectory, "conf");

    /// <summary>The checkout this test assembly was built in: the nearest directory above it that holds K8sNet.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"no K8sNet.sln above {AppContext.BaseDirectory}");
        }
    }

    public static IEnumerable<object[]> ConfFiles() =>
        Directory.GetFiles(ConfDir).Where(f => f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".conflist", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>README.md and every page under docs/, relative to <see cref="Root"/>.</summary>
    public static IEnumerable<object[]> MarkdownFiles() =>
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal))
            .Select(f => new object[] { f });
}
