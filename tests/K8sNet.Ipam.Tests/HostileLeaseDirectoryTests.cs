using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Testing;
using Microsoft.Extensions.Logging;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>
/// The store with something other than leases in its directory (issue 16), in-process: FIFOs and links are skipped
/// with their address kept blocked and a warning, the store's own entries are rebuilt, and an I/O failure midway
/// through an ADD leaves no lease. Every plugin call runs under a deadline, so a regression that blocks fails.
/// The same cases through the published binary are in K8sNet.Reliability.Tests/LeaseDirectory.
/// </summary>
public sealed class HostileLeaseDirectoryTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("k8snet-outside-");
    private readonly HostLocalPlugin _plugin = new(new HostLocalOptions { TornLeaseGrace = TimeSpan.FromSeconds(5) });
    private readonly RecordingLogger _log = new();

    public HostileLeaseDirectoryTests() => Config = Net(Subnet("10.0.0.0/24", _data.Path));

    private string Config { get; }

    private static T Within<T>(Func<T> call) => Deadline.Within(call, "no verb may block on a lease directory entry");

    private static void Within(Action call) => Deadline.Within(call, "no verb may block on a lease directory entry");

    private string Lease(string name) => Path.Combine(_data.Network(), name);

    public void Dispose()
    {
        _data.Dispose();
        _outside.Delete(recursive: true);
    }

    [Fact]
    public void A_fifo_under_an_address_is_skipped_with_a_warning_and_its_address_stays_blocked()
    {
        Add("c1").Should().Be("10.0.0.2/24");
        Command.Sh($"mkfifo {Lease("10.0.0.3")}");

        Add("c2").Should().Be("10.0.0.4/24");

        _log.Warnings.Should().Contain(w => w.Contains(Lease("10.0.0.3"), StringComparison.Ordinal) && w.Contains("a FIFO", StringComparison.Ordinal));
        Within(() => _plugin.Del(Invocation(Config, "c1", command: CniCommand.Del)));
        Within(() => _plugin.Del(Invocation(Config, "c2", command: CniCommand.Del)));
        NoFollow.Status(Lease("10.0.0.3")).Kind.Should().Be(EntryKind.Fifo);
        _data.LeaseNames().Should().Equal("10.0.0.3");
    }

    [Fact]
    public void A_lease_name_linked_to_a_lease_like_file_outside_is_no_lease_and_is_left_alone()
    {
        var outside = Path.Combine(_outside.FullName, "lease");
        File.WriteAllText(outside, "intruder\r\neth0");
        Add("c1");
        File.CreateSymbolicLink(Lease("10.0.0.3"), outside);

        Add("c2").Should().Be("10.0.0.4/24");

        Within(() => _plugin.LeasedAddresses(Invocation(Config, "intruder"))).Should().BeEmpty("a link is not read");
        Within(() => _plugin.Del(Invocation(Config, "intruder", command: CniCommand.Del)));
        NoFollow.Status(Lease("10.0.0.3")).Kind.Should().Be(EntryKind.SymbolicLink);
        File.ReadAllText(outside).Should().Be("intruder\r\neth0");
    }

    [Fact]
    public void A_cursor_hard_linked_to_a_file_outside_is_replaced_not_written_through()
    {
        var outside = Path.Combine(_outside.FullName, "cursor");
        File.WriteAllText(outside, "10.0.0.200");
        Add("c1");
        File.Delete(Lease("last_reserved_ip.0"));
        Posix.TryLink(outside, Lease("last_reserved_ip.0")).Should().BeTrue();

        Add("c2").Should().Be("10.0.0.201/24", "a hard link reads like the file it is; the hint is only a hint");

        File.ReadAllText(outside).Should().Be("10.0.0.200", "the rewrite in place is only for a file with one name");
        File.ReadAllText(Lease("last_reserved_ip.0")).Should().Be("10.0.0.201");
        Command.Sh($"stat -c %h {Lease("last_reserved_ip.0")}").Trim().Should().Be("1");
    }

    [Fact]
    public void A_cursor_linked_outside_is_replaced_not_followed()
    {
        var outside = Path.Combine(_outside.FullName, "cursor");
        File.WriteAllText(outside, "10.0.0.200");
        Add("c1");
        File.Delete(Lease("last_reserved_ip.0"));
        File.CreateSymbolicLink(Lease("last_reserved_ip.0"), outside);

        Add("c2").Should().Be("10.0.0.3/24", "the link's 10.0.0.200 would have made it .201");

        NoFollow.TryReadRegular(Lease("last_reserved_ip.0"), out _).Should().Equal("10.0.0.3"u8.ToArray());
        File.ReadAllText(outside).Should().Be("10.0.0.200");
    }

    [Fact]
    public void A_directory_under_the_cursor_name_costs_a_warning_not_the_add()
    {
        Directory.CreateDirectory(Lease("last_reserved_ip.0"));

        Add("c1").Should().Be("10.0.0.2/24");
        Add("c2").Should().Be("10.0.0.3/24");

        _log.Warnings.Should().Contain(w => w.Contains("could not record", StringComparison.Ordinal));
    }

    [Fact]
    public void The_state_directory_linked_outside_is_replaced_and_nothing_is_written_outside()
    {
        Add("c1");
        Directory.Delete(Lease(".k8snet"), recursive: true);
        Directory.CreateSymbolicLink(Lease(".k8snet"), _outside.FullName);

        Add("c2").Should().Be("10.0.0.3/24");

        _outside.GetFileSystemInfos().Should().BeEmpty();
        NoFollow.Status(Lease(".k8snet")).Kind.Should().Be(EntryKind.Directory);
        Within(() => _plugin.LeasedAddresses(Invocation(Config, "c1"))).Select(a => a.ToString()).Should().Equal("10.0.0.2");
    }

    [Fact]
    public void A_lease_directory_that_is_a_link_is_refused_with_code_5_naming_it()
    {
        Directory.CreateSymbolicLink(_data.Network(), _outside.FullName);

        var add = () => Within(() => _plugin.Add(Invocation(Config, "c1")));
        var del = () => Within(() => _plugin.Del(Invocation(Config, "c1", command: CniCommand.Del)));

        add.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.IoFailure && e.Message.Contains(_data.Network(), StringComparison.Ordinal)
            && e.Message.Contains("a symbolic link, not a directory", StringComparison.Ordinal));
        del.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.IoFailure);
        _outside.GetFileSystemInfos().Should().BeEmpty();
    }

    [Theory]
    [InlineData("/tmp/../etc")]
    [InlineData("/var/lib/cni/..")]
    [InlineData("var/lib/cni/networks")]
    public void A_data_dir_that_climbs_or_is_relative_is_refused_for_add_and_del(string dataDir)
    {
        var config = Net(Subnet("10.0.0.0/24", dataDir));

        var add = () => _plugin.Add(Invocation(config, "c1"));
        var del = () => _plugin.Del(Invocation(config, "c1", command: CniCommand.Del));

        add.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidConfig && e.Message.Contains("ipam.dataDir", StringComparison.Ordinal));
        del.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidConfig);
    }

    /// <summary>
    /// The index write failing after the lease was linked (a disk filling up; simulated at the step right before it)
    /// takes the lease back and reports the errno.
    /// </summary>
    [Fact]
    public void An_io_failure_after_the_link_leaves_no_lease_and_names_the_errno()
    {
        var failing = new HostLocalPlugin(new HostLocalOptions
        {
            StepHook = step =>
            {
                if (step == "temp-removed")
                {
                    throw new ErrnoException(Errno.ENOSPC, "write", Lease(".k8snet/by-id/.tmp"));
                }
            },
        });

        var add = () => failing.Add(Invocation(Config, "c1"));

        add.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.IoFailure && e.Message.Contains("ENOSPC", StringComparison.Ordinal)
            && e.Message.Contains(_data.Network(), StringComparison.Ordinal));
        _data.LeaseNames().Should().BeEmpty();
        Add("c1").Should().Be("10.0.0.2/24");
    }

    private string Add(string id) =>
        Within(() => AddressOf(_plugin.Add(Invocation(Config, id) with { Logger = _log })));

    /// <summary>Keeps the warnings the plugin logs, formatted.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
