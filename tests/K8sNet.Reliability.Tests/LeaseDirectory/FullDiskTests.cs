using System.Collections.Concurrent;
using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;
using static K8sNet.Reliability.Tests.LeaseDirectory.HostileEntries;

namespace K8sNet.Reliability.Tests.LeaseDirectory;

/// <summary>
/// A lease directory on a full or read-only file system: a small tmpfs over the node's dataDir, mounted in a private
/// mount namespace (the host never sees it) that every plugin run enters. A refused ADD names the directory and the
/// errno and leaves no veth or partial lease; existing leases stay intact; CHECK and DEL of existing pods keep working
/// (a DEL that cannot remove a lease on a read-only disk says so, and its retry after the remount frees it).
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class FullDiskTests : IDisposable
{
    private readonly PrivateMount _mount = new();
    private readonly ReliabilityNode _node;
    private readonly string _config;

    public FullDiskTests()
    {
        _node = new ReliabilityNode { Prefix = _mount.Prefix, Timeout = TimeSpan.FromSeconds(30) };
        _mount.MountTmpfs(_node.DataDir, 256);
        _config = _node.Config();
    }

    private string LeaseDirectory => LeaseDir(_node);

    public void Dispose()
    {
        _node.Dispose();
        _mount.Dispose();
    }

    [RootFact]
    public void Add_on_a_full_disk_is_refused_by_name_and_errno_and_the_existing_pods_keep_working()
    {
        var (a, addA) = AddPod("a");
        var (b, _) = AddPod("b");
        var leases = Leases();
        _mount.Exec($"dd if=/dev/zero of={_node.DataDir}/filler bs=4k 2>/dev/null || true");

        var c = _node.NewPod();
        var message = _node.Add(c, "c", _config).ShouldFailWith(5, LeaseDirectory);

        message.Should().Contain("ENOSPC (No space left on device)");
        AssertNothingOf(c, leases);
        _node.Check(a, "a", _config, addA.Stdout).ShouldSucceed();
        _node.Del(b, "b", _config).ShouldSucceed();
        Leases().Should().Equal(leases.Where(l => l.StartsWith(AddressOf(addA).Split('/')[0] + "=", StringComparison.Ordinal)));
        _mount.Exec($"rm {_node.DataDir}/filler");
        _node.Add(c, "c", _config).ShouldSucceed();
        Command.Sh($"findmnt -n {_node.DataDir} || true").Should().BeEmpty("the tmpfs exists only in the private mount namespace");
    }

    [RootFact]
    public void Add_on_a_read_only_disk_is_refused_by_name_and_errno_check_works_and_del_is_finished_after_the_remount()
    {
        var (a, addA) = AddPod("a");
        var (b, _) = AddPod("b");
        var leases = Leases();
        _mount.Remount(_node.DataDir, "ro");

        var c = _node.NewPod();
        var message = _node.Add(c, "c", _config).ShouldFailWith(5, LeaseDirectory);

        message.Should().Contain("EROFS (Read-only file system)");
        AssertNothingOf(c, leases);
        _node.Check(a, "a", _config, addA.Stdout).ShouldSucceed();
        _node.Del(b, "b", _config).ShouldFailWith(5, "Read-only file system")
            .Should().Contain(LeaseDirectory, "the lease cannot be released; the runtime retries DEL");
        b.TryExec("ip link show eth0").ExitCode.Should().NotBe(0, "everything but the lease is gone");
        Leases().Should().Equal(leases, "the lease is intact for the retry");
        _mount.Remount(_node.DataDir, "rw");
        _node.Del(b, "b", _config).ShouldSucceed();
        Leases().Should().HaveCount(1);
        _node.Add(c, "c", _config).ShouldSucceed();
    }

    /// <summary>The directory turns read-only while ADDs run: each ends whole or refused, and DEL cleans up the refused.</summary>
    [RootFact]
    public void A_disk_made_read_only_during_parallel_adds_leaves_every_pod_whole_or_cleanly_refused()
    {
        const int pods = 24;
        var replies = new ConcurrentDictionary<int, BinaryReply>();
        var finished = 0;
        var flipper = Task.Run(() =>
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref finished) >= 6, TimeSpan.FromSeconds(60));
            _mount.RemountReadOnlyWhileBusy(_node.DataDir);
        });
        var podNs = Enumerable.Range(0, pods).Select(_ => _node.NewPod()).ToArray();

        Parallel.For(0, pods, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            replies[i] = _node.Add(podNs[i], $"p{i}", _config);
            Interlocked.Increment(ref finished);
        });
        flipper.Wait();
        _mount.Remount(_node.DataDir, "rw");

        var added = replies.Where(r => r.Value.ExitCode == 0).Select(r => r.Key).ToList();
        var refused = replies.Where(r => r.Value.ExitCode != 0).Select(r => r.Key).ToList();
        added.Should().NotBeEmpty();
        refused.Should().NotBeEmpty("the disk turned read-only before the last ADDs");
        foreach (var i in refused)
        {
            replies[i].ShouldFailWith(5, "EROFS");
            _node.Del(podNs[i], $"p{i}", _config).ShouldSucceed();
        }

        var addresses = added.Select(i => AddressOf(replies[i]).Split('/')[0]).ToList();
        addresses.Should().OnlyHaveUniqueItems();
        Leases().Select(l => l.Split('=')[0]).Should().BeEquivalentTo(addresses, "a lease for every pod that was added, and no other");
        _node.Node.Exec("ip -o link show type veth | wc -l").Trim().Should().Be(added.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var i in added)
        {
            _node.Del(podNs[i], $"p{i}", _config).ShouldSucceed();
        }

        Leases().Should().BeEmpty();
        _node.Node.Exec("ip -o link show type veth | wc -l").Trim().Should().Be("0");
    }

    private (TestNetNs Pod, BinaryReply Add) AddPod(string id)
    {
        var pod = _node.NewPod();
        var add = _node.Add(pod, id, _config);
        add.ShouldSucceed();
        return (pod, add);
    }

    /// <summary>A refused ADD leaves no veth for the pod, no eth0 in it, and the leases exactly as they were.</summary>
    private void AssertNothingOf(TestNetNs pod, IReadOnlyList<string> leasesBefore)
    {
        pod.TryExec("ip link show eth0").ExitCode.Should().NotBe(0, "no interface in the pod");
        _node.Node.Exec("ip -o link show type veth | wc -l").Trim().Should().Be("2", "only the two existing pods' veths");
        Leases().Should().Equal(leasesBefore, "no partial lease, every existing lease intact");
    }

    /// <summary>"address=content" of each lease file, read inside the private mount namespace (CR and LF shown).</summary>
    private List<string> Leases() =>
        [.. _mount.Exec($"cd {LeaseDirectory} && for f in *.*.*.* *:*; do [ -f \"$f\" ] && printf '%s=%s\\n' \"$f\" \"$(sed -z 's/\\r/<CR>/g; s/\\n/<LF>/g' \"$f\")\"; done; true")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
}
