using System.Text;
using K8sNet.Testing;

namespace K8sNet.Linux.Tests;

/// <summary>
/// Entries looked at without following or blocking (issue 16), on real files in a temporary directory: a FIFO, a
/// link (to a FIFO, to a directory), a directory. Every call runs under a deadline so a regression that blocks fails.
/// </summary>
public sealed class NoFollowTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("k8snet-nofollow-");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("k8snet-outside-");

    public NoFollowTests()
    {
        File.WriteAllText(At("regular"), "c1\r\neth0");
        Command.Sh($"mkfifo {At("fifo")} {Outside("fifo")}");
        Directory.CreateDirectory(At("directory"));
        File.WriteAllText(Outside("file"), "outside");
        File.CreateSymbolicLink(At("link-to-fifo"), Outside("fifo"));
        File.CreateSymbolicLink(At("link-to-file"), Outside("file"));
        Directory.CreateSymbolicLink(At("link-to-directory"), _outside.FullName);
    }

    public void Dispose()
    {
        _dir.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    public static TheoryData<string, EntryKind> Entries() => new()
    {
        { "regular", EntryKind.Regular },
        { "fifo", EntryKind.Fifo },
        { "directory", EntryKind.Directory },
        { "link-to-fifo", EntryKind.SymbolicLink },
        { "link-to-file", EntryKind.SymbolicLink },
        { "link-to-directory", EntryKind.SymbolicLink },
        { "missing", EntryKind.Missing },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Only_a_regular_file_is_read_and_anything_else_is_named_without_blocking(string name, EntryKind expected)
    {
        var (content, kind) = Deadline.Within(() => (NoFollow.TryReadRegular(At(name), out var k), k));

        kind.Should().Be(expected);
        if (expected == EntryKind.Regular)
        {
            Encoding.UTF8.GetString(content!).Should().Be("c1\r\neth0");
        }
        else
        {
            content.Should().BeNull();
        }

        Deadline.Within(() => NoFollow.Status(At(name)).Kind).Should().Be(expected, "lstat tells the same");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(4097)]
    [InlineData(100_000)]
    public void A_regular_file_is_read_whole_whatever_its_size(int size)
    {
        var content = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(At("sized"), content);

        Deadline.Within(() => NoFollow.TryReadRegular(At("sized"), out _)).Should().Equal(content);
    }

    [Fact]
    public void Status_gives_the_size_and_the_modification_time_to_the_nanosecond()
    {
        Posix.SetModificationTime(At("regular"), 1_700_000_000, 314_159_200);

        var status = NoFollow.Status(At("regular"));

        status.Size.Should().Be(8);
        status.ModifiedNanoseconds.Should().Be(314_159_200);
        status.ModifiedUtc.Should().Be(DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(3_141_592));
    }

    [Fact]
    public void Names_lists_every_entry_once_without_following_links_even_long_and_non_ascii_ones()
    {
        var longName = new string('n', 255);
        File.WriteAllText(At(longName), string.Empty);
        File.WriteAllText(At("lease-é"), string.Empty);

        NoFollow.Names(_dir.FullName).Should().BeEquivalentTo(
            "regular", "fifo", "directory", "link-to-fifo", "link-to-file", "link-to-directory", longName, "lease-é");
        NoFollow.Names(At("missing")).Should().BeEmpty();
    }

    [Fact]
    public void Has_visible_entry_ignores_dot_names()
    {
        var dir = Directory.CreateDirectory(At("index"));
        File.WriteAllText(Path.Combine(dir.FullName, ".tmp"), string.Empty);
        NoFollow.HasVisibleEntry(dir.FullName).Should().BeFalse();

        File.WriteAllText(Path.Combine(dir.FullName, "c1"), string.Empty);
        NoFollow.HasVisibleEntry(dir.FullName).Should().BeTrue();
        NoFollow.HasVisibleEntry(At("missing")).Should().BeFalse();
    }

    [Fact]
    public void Remove_takes_a_tree_with_links_in_it_and_never_what_they_point_to()
    {
        var tree = Directory.CreateDirectory(At("tree"));
        Directory.CreateSymbolicLink(Path.Combine(tree.FullName, "out"), _outside.FullName);
        Command.Sh($"mkfifo {Path.Combine(tree.FullName, "fifo")}");

        Deadline.Within(() => NoFollow.Remove(tree.FullName));
        Deadline.Within(() => NoFollow.Remove(At("link-to-directory")));

        Directory.Exists(tree.FullName).Should().BeFalse();
        NoFollow.Status(At("link-to-directory")).Kind.Should().Be(EntryKind.Missing);
        Directory.GetFileSystemEntries(_outside.FullName).Select(Path.GetFileName).Should().BeEquivalentTo("fifo", "file");
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("link-to-fifo")]
    [InlineData("link-to-file")]
    public void Create_new_never_opens_what_exists(string name)
    {
        Deadline.Within(() => NoFollow.TryCreateNew(At(name), 0x180)).Should().Be(-1);
        File.ReadAllText(Outside("file")).Should().Be("outside");

        var fd = NoFollow.TryCreateNew(At("new"), 0x180);
        fd.Should().BeGreaterThanOrEqualTo(0);
        Posix.Close(fd);
    }

    [Fact]
    public void Overwrite_rewrites_a_plain_file_in_place_and_cuts_what_the_old_content_had_beyond_the_new()
    {
        File.WriteAllText(At("cursor"), "10.200.0.250");
        var inodeBefore = Inode(At("cursor"));

        Deadline.Within(() => NoFollow.TryOverwriteRegular(At("cursor"), "10.200.0.3"u8)).Should().BeTrue();

        File.ReadAllText(At("cursor")).Should().Be("10.200.0.3");
        Inode(At("cursor")).Should().Be(inodeBefore, "the same file, rewritten: no new inode");
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("directory")]
    [InlineData("link-to-fifo")]
    [InlineData("link-to-file")]
    [InlineData("link-to-directory")]
    [InlineData("missing")]
    public void Overwrite_refuses_anything_but_a_plain_file_without_blocking_or_writing_through(string name)
    {
        var kindBefore = NoFollow.Status(At(name)).Kind;

        Deadline.Within(() => NoFollow.TryOverwriteRegular(At(name), "x"u8)).Should().BeFalse();

        NoFollow.Status(At(name)).Kind.Should().Be(kindBefore);
        File.ReadAllText(Outside("file")).Should().Be("outside");
    }

    [Fact]
    public void Overwrite_refuses_a_file_that_has_a_second_name_and_leaves_its_content_alone()
    {
        // A hard link needs no permission on the target's directory: writing through one would change a file anywhere
        // on the file system, so only a file with one name is rewritten in place.
        Posix.TryLink(Outside("file"), At("hard-link")).Should().BeTrue();

        Deadline.Within(() => NoFollow.TryOverwriteRegular(At("hard-link"), "x"u8)).Should().BeFalse();

        File.ReadAllText(Outside("file")).Should().Be("outside");
    }

    private static long Inode(string path) => long.Parse(Command.Sh($"stat -c %i {path}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private string At(string name) => Path.Combine(_dir.FullName, name);

    private string Outside(string name) => Path.Combine(_outside.FullName, name);
}
