using System.Text;
using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>The by-id index: its format, and its rebuild when the lease files changed behind K8sNet's back.</summary>
public sealed class IndexTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly HostLocalPlugin _plugin = new(new HostLocalOptions { TornLeaseGrace = TimeSpan.FromSeconds(5) });

    public IndexTests() => Config = Net(Subnet("10.0.0.0/24", _data.Path));

    private string Config { get; }

    private string IndexFile(string id) => Path.Combine(_data.Network(), ".k8snet", "by-id", id);

    public void Dispose() => _data.Dispose();

    private void WriteForeignLease(string ip, string content)
    {
        File.WriteAllBytes(Path.Combine(_data.Network(), ip), Encoding.ASCII.GetBytes(content));
    }

    [Fact]
    public void The_index_file_names_the_container_and_can_never_read_as_a_reference_lease()
    {
        _plugin.Add(Invocation(Config, "c1", netNs: "/var/run/netns/pod1"));
        var text = File.ReadAllText(IndexFile("c1"));
        text.Should().StartWith("k8snet-lease-index v1\tc1\n");
        text.Should().Contain("10.0.0.2\teth0\t").And.Contain("\t/var/run/netns/pod1\n");
        text.Trim().Should().NotBe("c1\r\neth0").And.NotBe("c1");
        File.GetUnixFileMode(IndexFile("c1")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Leases_written_behind_its_back_are_found_after_a_rebuild()
    {
        _plugin.Add(Invocation(Config, "c1"));
        WriteForeignLease("10.0.0.77", "other\r\neth0");
        _plugin.LeasedAddresses(Invocation(Config, "other")).Select(a => a.ToString()).Should().Equal("10.0.0.77");
        File.Exists(IndexFile("other")).Should().BeTrue();
    }

    [Fact]
    public void A_deleted_index_is_rebuilt_from_the_lease_files()
    {
        _plugin.Add(Invocation(Config, "c1"));
        _plugin.Add(Invocation(Config, "c2"));
        Directory.Delete(Path.Combine(_data.Network(), ".k8snet"), recursive: true);
        _plugin.Del(Invocation(Config, "c2", command: CniCommand.Del));
        _data.LeaseNames().Should().Equal("10.0.0.2");
        _plugin.LeasedAddresses(Invocation(Config, "c1")).Select(a => a.ToString()).Should().Equal("10.0.0.2");
    }

    [Fact]
    public void A_corrupt_index_entry_is_rebuilt()
    {
        _plugin.Add(Invocation(Config, "c1"));
        File.WriteAllText(IndexFile("c1"), "garbage");
        _plugin.Del(Invocation(Config, "c1", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void An_empty_index_entry_as_a_crash_between_its_create_and_its_write_leaves_it_is_rebuilt()
    {
        // The entry of a new container is written straight under its name (no temp file and rename), so this is what
        // a SIGKILL at the wrong moment leaves; DEL must still find and release the lease.
        _plugin.Add(Invocation(Config, "c1"));
        File.WriteAllText(IndexFile("c1"), string.Empty);
        _plugin.Del(Invocation(Config, "c1", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
        File.Exists(IndexFile("c1")).Should().BeFalse();
    }

    [Fact]
    public void A_legacy_id_only_lease_is_released_by_any_ifname_of_its_container()
    {
        Directory.CreateDirectory(_data.Network());
        WriteForeignLease("10.0.0.9", "oldpod");
        _plugin.Del(Invocation(Config, "oldpod", "eth0", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void Empty_and_foreign_files_are_skipped_not_crashed_on_and_their_addresses_stay_blocked()
    {
        Directory.CreateDirectory(_data.Network());
        WriteForeignLease("10.0.0.2", string.Empty);
        WriteForeignLease("10.0.0.3", "not a lease\nat all");
        Directory.CreateDirectory(Path.Combine(_data.Network(), "10.0.0.4"));
        File.WriteAllText(Path.Combine(_data.Network(), "README"), "hello");
        AddressOf(_plugin.Add(Invocation(Config, "c1"))).Should().Be("10.0.0.5/24");
    }

    [Fact]
    public void An_empty_lease_file_older_than_the_grace_period_counts_as_torn_and_is_reused()
    {
        Directory.CreateDirectory(_data.Network());
        WriteForeignLease("10.0.0.2", string.Empty);
        File.SetLastWriteTimeUtc(Path.Combine(_data.Network(), "10.0.0.2"), DateTime.UtcNow.AddMinutes(-1));
        AddressOf(_plugin.Add(Invocation(Config, "c1"))).Should().Be("10.0.0.2/24");
        File.ReadAllText(Path.Combine(_data.Network(), "10.0.0.2")).Should().Be("c1\r\neth0");
    }

    [Fact]
    public void A_crowded_pool_still_gets_the_first_free_address_after_the_last_reserved_one_round_robin()
    {
        // More taken addresses in a row than are tried one by one: the allocator reads the directory instead, and
        // must pick exactly what trying each would pick.
        Directory.CreateDirectory(_data.Network());
        File.WriteAllText(Path.Combine(_data.Network(), "last_reserved_ip.0"), "10.0.0.250");
        for (var host = 251; host <= 254; host++)
        {
            WriteForeignLease($"10.0.0.{host}", $"other{host}\r\neth0");
        }

        for (var host = 2; host <= 100; host++)
        {
            WriteForeignLease($"10.0.0.{host}", $"other{host}\r\neth0");
        }

        AddressOf(_plugin.Add(Invocation(Config, "c1"))).Should().Be("10.0.0.101/24");
        AddressOf(_plugin.Add(Invocation(Config, "c2"))).Should().Be("10.0.0.102/24");
    }

    [Fact]
    public void In_a_full_pool_an_old_empty_lease_file_is_still_reused()
    {
        Directory.CreateDirectory(_data.Network());
        for (var host = 2; host <= 254; host++)
        {
            WriteForeignLease($"10.0.0.{host}", host == 120 ? string.Empty : $"other{host}\r\neth0");
        }

        File.SetLastWriteTimeUtc(Path.Combine(_data.Network(), "10.0.0.120"), DateTime.UtcNow.AddMinutes(-1));
        AddressOf(_plugin.Add(Invocation(Config, "c1"))).Should().Be("10.0.0.120/24");
    }

    [Fact]
    public void Gc_removes_old_empty_lease_files()
    {
        _plugin.Add(Invocation(Config, "c1"));
        WriteForeignLease("10.0.0.50", string.Empty);
        File.SetLastWriteTimeUtc(Path.Combine(_data.Network(), "10.0.0.50"), DateTime.UtcNow.AddMinutes(-1));
        _plugin.Gc(Invocation(Config + string.Empty, id: string.Empty, ifName: string.Empty, command: CniCommand.Gc));
        _data.LeaseNames().Should().Equal("10.0.0.2");
    }

    [Fact]
    public void A_very_long_container_id_gets_a_hashed_index_name_inside_the_index_dir()
    {
        var id = "a" + new string('b', 250);
        _plugin.Add(Invocation(Config, id));
        Directory.EnumerateFiles(Path.Combine(_data.Network(), ".k8snet", "by-id")).Select(Path.GetFileName).Should().ContainSingle()
            .Which.Should().StartWith("_h");
        _plugin.Del(Invocation(Config, id, command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
    }
}
