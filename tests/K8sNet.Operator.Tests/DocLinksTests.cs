using System.Text.RegularExpressions;

namespace K8sNet.Operator.Tests;

/// <summary>
/// README is the user's manual and sends readers to docs/ for the rest: every relative link in it and in docs/ must
/// reach a file, and a link's #anchor a heading of that file (as GitHub derives anchors from headings).
/// </summary>
public sealed partial class DocLinksTests
{
    [Theory]
    [MemberData(nameof(RepoFiles.MarkdownFiles), MemberType = typeof(RepoFiles))]
    public void Every_relative_link_reaches_a_file_and_heading(string page)
    {
        var path = Path.Combine(RepoFiles.Root, page);
        var broken = new List<string>();
        foreach (var target in RelativeLinks(File.ReadAllText(path)))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
            }
            else if (anchor is not null && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{target}: no heading with that anchor");
            }
        }

        broken.Should().BeEmpty($"every relative link in {page} must resolve");
    }

    [Fact]
    public void Readme_links_every_page_under_docs()
    {
        var linked = RelativeLinks(File.ReadAllText(Path.Combine(RepoFiles.Root, "README.md")))
            .Select(t => t.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(RepoFiles.Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f));

        pages.Where(p => !linked.Contains(p)).Should().BeEmpty("README's More list names every page of docs/");
    }

    [Fact]
    public void Anchors_are_derived_as_github_does()
    {
        Anchors("## As a node fills (issue 15)\n# Routes between nodes: `k8snet routes`\n").Should()
            .BeEquivalentTo("as-a-node-fills-issue-15", "routes-between-nodes-k8snet-routes");
    }

    /// <summary>Targets of [text](target) links that are not absolute URLs, outside code blocks.</summary>
    private static IEnumerable<string> RelativeLinks(string markdown) =>
        LinkPattern().Matches(WithoutCodeBlocks(markdown))
            .Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal));

    private static HashSet<string> Anchors(string markdown) =>
        WithoutCodeBlocks(markdown).Split('\n')
            .Where(line => line.StartsWith('#'))
            .Select(line => Slug(line.TrimStart('#').Trim()))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>GitHub's rule: lower case, drop what is not a letter, digit, space, hyphen or underscore, spaces to hyphens.</summary>
    private static string Slug(string heading) =>
        new string(heading.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');

    private static string WithoutCodeBlocks(string markdown) => FencePattern().Replace(markdown, string.Empty);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencePattern();
}
