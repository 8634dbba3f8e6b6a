using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;
using static K8sNet.Reliability.Tests.LeaseDirectory.HostileEntries;

namespace K8sNet.Reliability.Tests.LeaseDirectory;

/// <summary>
/// The store's own files and directories (lock, cursors, index, temp files) and the lease directory itself replaced by
/// a FIFO, a directory or a link out of the lease directory. Through the published binary as `host-local` (the same
/// store as the bridge's, without the veths): nothing blocks, nothing outside is followed, and the network keeps
/// working wherever the store can rebuild what it owns; otherwise a clear error naming the entry.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class BookkeepingEntryTests
{
    public static TheoryData<string, string> Replacements()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in new[]
        {
            "lock", "last_reserved_ip.0", ".k8snet", ".k8snet/meta", ".k8snet/meta.tmp", ".k8snet/lease.tmp", ".k8snet/last_reserved.tmp",
            ".k8snet/by-id", ".k8snet/by-id/first", ".k8snet/by-id/.tmp", ".k8snet/by-id.new", ".k8snet/by-id.old",
        })
        {
            data.Add(entry, Fifo);
        }

        foreach (var entry in new[] { "last_reserved_ip.0", ".k8snet/meta", ".k8snet/lease.tmp", ".k8snet/last_reserved.tmp", ".k8snet/by-id/first" })
        {
            data.Add(entry, LinkToFifo);
        }

        foreach (var entry in new[] { ".k8snet", ".k8snet/by-id", ".k8snet/by-id.new", "last_reserved_ip.0" })
        {
            data.Add(entry, LinkToDirectory);
        }

        foreach (var entry in new[] { "last_reserved_ip.0", ".k8snet/meta", ".k8snet/lease.tmp", ".k8snet/by-id/.tmp" })
        {
            data.Add(entry, Dir);
        }

        return data;
    }

    [RootTheory]
    [MemberData(nameof(Replacements))]
    public void A_broken_store_entry_blocks_nothing_and_the_network_keeps_working(string entry, string kind)
    {
        using var outside = new OutsideWitness();
        using var node = NewNode();
        var config = HostLocalConfig(node);
        var addFirst = HostLocal(node, "ADD", "first", config);
        addFirst.ShouldSucceed();
        Plant(kind, Path.Combine(LeaseDir(node), entry), outside);
        var outsideBefore = outside.Snapshot();

        var addSecond = HostLocal(node, "ADD", "second", config);

        addSecond.ShouldSucceed();
        AddressOf(addSecond).Should().NotBe(AddressOf(addFirst));
        HostLocal(node, "CHECK", "first", ReliabilityNode.WithPrevResult(config, addFirst.Stdout)).ShouldSucceed();
        HostLocal(node, "DEL", "first", config).ShouldSucceed();
        HostLocal(node, "DEL", "second", config).ShouldSucceed();
        var addThird = HostLocal(node, "ADD", "third", config);
        addThird.ShouldSucceed();
        AddressNames(LeaseDir(node)).Should().Equal([AddressOf(addThird).Split('/')[0]], "DEL freed the others");
        outside.Snapshot().Should().Be(outsideBefore, "nothing outside the lease directory is read, listed or written");
    }

    [RootFact]
    public void A_round_robin_cursor_linked_outside_is_not_followed()
    {
        using var outside = new OutsideWitness();
        using var node = NewNode();
        var config = HostLocalConfig(node);
        HostLocal(node, "ADD", "first", config).ShouldSucceed();
        var cursor = Path.Combine(LeaseDir(node), "last_reserved_ip.0");
        Command.Sh($"ln -sf {outside.Of("cursor")} {cursor}");
        var outsideBefore = outside.Snapshot();

        var add = HostLocal(node, "ADD", "second", config);

        add.ShouldSucceed();
        AddressOf(add).Should().Be("10.222.0.3/24", "the outside file says 10.222.0.200, which would make it .201");
        Describe(cursor).Should().StartWith("regular file", "the link is replaced, not written through");
        File.ReadAllText(cursor).Should().Be("10.222.0.3");
        outside.Snapshot().Should().Be(outsideBefore);
    }

    public static TheoryData<string> LeaseDirectoryReplacements() => new(LinkToDirectory, Fifo);

    [RootTheory]
    [MemberData(nameof(LeaseDirectoryReplacements))]
    public void A_lease_directory_that_is_not_a_directory_is_refused_by_name(string kind)
    {
        using var outside = new OutsideWitness();
        using var node = NewNode();
        var config = HostLocalConfig(node);
        Plant(kind, LeaseDir(node), outside);
        var outsideBefore = outside.Snapshot();

        HostLocal(node, "ADD", "pod", config).ShouldFailWith(5, LeaseDir(node)).Should().Contain("not a directory");
        var del = HostLocal(node, "DEL", "pod", config);
        if (kind == LinkToDirectory)
        {
            del.ShouldFailWith(5, LeaseDir(node)).Should().Contain("symbolic link", "a link may hide leases, so DEL cannot claim success");
        }
        else
        {
            del.ShouldSucceed();
        }

        outside.Snapshot().Should().Be(outsideBefore);
    }

    [RootFact]
    public void A_lock_file_linked_outside_is_refused_by_name_and_not_followed()
    {
        using var outside = new OutsideWitness();
        using var node = NewNode();
        var config = HostLocalConfig(node);
        HostLocal(node, "ADD", "first", config).ShouldSucceed();
        var lockFile = Path.Combine(LeaseDir(node), "lock");
        Command.Sh($"ln -sf {outside.Of("lease-like")} {lockFile}");
        var outsideBefore = outside.Snapshot();

        HostLocal(node, "ADD", "second", config).ShouldFailWith(5, lockFile);
        HostLocal(node, "DEL", "first", config).ShouldFailWith(5, lockFile);

        outside.Snapshot().Should().Be(outsideBefore);
    }

    private static string HostLocalConfig(ReliabilityNode node) =>
        $$"""{"cniVersion":"1.0.0","name":"rel","type":"macvlan","ipam":{{node.IpamSection("""[[{"subnet":"10.222.0.0/24"}]]""")}}}""";

    private static BinaryReply HostLocal(ReliabilityNode node, string verb, string id, string config) =>
        node.Run(ReliabilityNode.Env(verb, id, "/run/netns/ipam-only"), config, ReliabilityNode.HostLocal);
}
