using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Testing;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>
/// Released lease files and index entries are kept in <c>.k8snet/spare</c> and reused by the next ADD instead of
/// deleting and creating inodes. On real files: what is reused, and that nothing planted in the spare directory is
/// followed, written through or blocked on. Every plugin call runs under a deadline.
/// </summary>
public sealed class SpareFileTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("k8snet-outside-");
    private readonly HostLocalPlugin _plugin = new(new HostLocalOptions());

    public SpareFileTests() => Config = Net(Subnet("10.0.0.0/24", _data.Path));

    private string Config { get; }

    private string Spare => Path.Combine(_data.Network(), ".k8snet", "spare");

    public void Dispose()
    {
        _data.Dispose();
        _outside.Delete(recursive: true);
    }

    [Fact]
    public void The_next_add_reuses_the_files_a_del_released_instead_of_making_new_inodes()
    {
        Add("c1");
        var leaseInode = Inode(Path.Combine(_data.Network(), "10.0.0.2"));
        var indexInode = Inode(IndexFile("c1"));
        Del("c1");
        Directory.GetFiles(Spare).Should().HaveCount(2, "the lease file and the index entry are kept as spares");

        Add("c2").Should().Be("10.0.0.3/24");

        new[] { Inode(Path.Combine(_data.Network(), "10.0.0.3")), Inode(IndexFile("c2")) }
            .Should().BeEquivalentTo(new[] { leaseInode, indexInode });
        File.ReadAllText(Path.Combine(_data.Network(), "10.0.0.3")).Should().Be("c2\r\neth0");
        File.ReadAllText(IndexFile("c2")).Should().StartWith("k8snet-lease-index v1\tc2\n10.0.0.3\teth0\t");
        Directory.GetFiles(Spare).Should().BeEmpty();
        _data.LeaseNames().Should().Equal("10.0.0.3");
    }

    [Fact]
    public void After_del_the_spares_are_empty_and_no_file_in_the_tree_names_the_container_or_its_address()
    {
        Add("c1-gone");
        Del("c1-gone");

        Directory.GetFiles(Spare).Should().HaveCount(2).And.OnlyContain(f => new FileInfo(f).Length == 0);
        foreach (var file in Directory.GetFiles(_data.Path, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain("c1-gone", file);
            if (!Path.GetFileName(file).StartsWith("last_reserved_ip.", StringComparison.Ordinal))
            {
                File.ReadAllText(file).Should().NotContain("10.0.0.2", "only the reference's round-robin cursor names the address");
            }
        }
    }

    [Fact]
    public void A_spare_is_never_taken_for_a_lease_by_us_or_by_a_release_of_the_same_container()
    {
        Add("c1");
        Del("c1");

        _plugin.LeasedAddresses(Invocation(Config, "c1")).Should().BeEmpty("the spares are no leases");
        Add("c1").Should().Be("10.0.0.3/24", "the spare's text is no lease: c1 gets a fresh address after the cursor");
        Del("c1");
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void Dual_stack_leases_share_one_file_and_its_release_keeps_it_as_one_spare()
    {
        var ipam = $$"""{"type":"host-local","dataDir":"{{_data.Path}}","ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/120"}]]}""";
        Deadline.Within(() => _plugin.Add(Invocation(Net(ipam), "c1")));
        Deadline.Within(() => _plugin.Del(Invocation(Net(ipam), "c1", command: CniCommand.Del)));

        Directory.GetFiles(Spare).Select(f => Command.Sh($"stat -c %h {f}").Trim()).Should().AllBe("1");
        AddressesOf(Deadline.Within(() => _plugin.Add(Invocation(Net(ipam), "c2")))).Should().Equal("10.0.0.3/24", "fd00::3/120");
        File.ReadAllText(Path.Combine(_data.Network(), "fd00::3")).Should().Be("c2\r\neth0");
    }

    [Theory]
    [InlineData("ln -s {outside}/file {slot}")]
    [InlineData("mkfifo {slot}")]
    [InlineData("mkdir {slot}")]
    [InlineData("ln {outside}/file {slot}")]
    public void Whatever_is_planted_in_a_spare_slot_is_removed_not_followed_written_through_or_blocked_on(string plant)
    {
        File.WriteAllText(Path.Combine(_outside.FullName, "file"), "outside");
        Add("c1");
        Directory.CreateDirectory(Spare);
        for (var slot = 0; slot < 8; slot++)
        {
            Command.Sh(plant.Replace("{outside}", _outside.FullName, StringComparison.Ordinal)
                .Replace("{slot}", Path.Combine(Spare, slot.ToString()), StringComparison.Ordinal));
        }

        Add("c2").Should().Be("10.0.0.3/24");

        File.ReadAllText(Path.Combine(_data.Network(), "10.0.0.3")).Should().Be("c2\r\neth0");
        File.ReadAllText(Path.Combine(_outside.FullName, "file")).Should().Be("outside");
        Directory.GetFileSystemEntries(_outside.FullName).Should().HaveCount(1);
        Del("c1");
        Del("c2");
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void A_spare_directory_that_is_a_link_is_neither_filled_nor_taken_from()
    {
        File.WriteAllText(Path.Combine(_outside.FullName, "0"), "c9\r\neth0");
        Add("c1");
        Directory.CreateSymbolicLink(Spare, _outside.FullName);

        Add("c2").Should().Be("10.0.0.3/24");
        Del("c1");
        Del("c2");

        Directory.GetFileSystemEntries(_outside.FullName).Select(Path.GetFileName).Should().Equal("0");
        File.ReadAllText(Path.Combine(_outside.FullName, "0")).Should().Be("c9\r\neth0");
        NoFollow.Status(Spare).Kind.Should().Be(EntryKind.Directory, "the store replaced the link by its own directory");
        _data.LeaseNames().Should().BeEmpty();
    }

    private string IndexFile(string id) => Path.Combine(_data.Network(), ".k8snet", "by-id", id);

    private string Add(string id) => Deadline.Within(() => AddressOf(_plugin.Add(Invocation(Config, id))));

    private void Del(string id) => Deadline.Within(() => _plugin.Del(Invocation(Config, id, command: CniCommand.Del)));

    private static string[] AddressesOf(Cni.Results.CniResult result) => result.Ips!.Select(i => i.Address).ToArray();

    private static string Inode(string path) => Command.Sh($"stat -c %i {path}").Trim();
}
