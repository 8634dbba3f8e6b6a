using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;
using static K8sNet.Reliability.Tests.LeaseDirectory.HostileEntries;

namespace K8sNet.Reliability.Tests.LeaseDirectory;

/// <summary>
/// Something other than a lease under an address's name in the lease directory (issue 16: one FIFO made every ADD and
/// DEL of the network hang, which stops every pod start on the node). Through the published binary as the bridge
/// plugin: no verb blocks, the address is never handed out, a log line names the entry, the entry is left alone, and
/// nothing outside the lease directory is read, written or followed.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class LeaseEntryTests
{
    public static TheoryData<string> Kinds() =>
        new(Fifo, Dir, LinkToLeaseLikeFile, LinkToFifo, LinkToOldEmptyFile, LinkToDirectory);

    [RootTheory]
    [MemberData(nameof(Kinds))]
    public void An_entry_that_is_not_a_lease_file_blocks_no_verb_and_its_address_is_never_handed_out(string kind)
    {
        using var outside = new OutsideWitness();
        using var node = NewNode();
        var config = node.Config(ipMasq: false);
        var first = node.NewPod();
        var addFirst = node.Add(first, "first", config);
        addFirst.ShouldSucceed();
        AddressOf(addFirst).Should().Be("10.222.0.2/24");
        var planted = Path.Combine(LeaseDir(node), "10.222.0.3");
        Plant(kind, planted, outside);
        var entry = Describe(planted);
        var outsideBefore = outside.Snapshot();

        var second = node.NewPod();
        var addSecond = node.Add(second, "second", config);

        addSecond.ShouldSucceed();
        AddressOf(addSecond).Should().Be("10.222.0.4/24", "the round robin's next address, 10.222.0.3, is {0}", kind);
        addSecond.Stderr.Should().Contain(planted, "a log line names the entry that was skipped");
        node.Check(first, "first", config, addFirst.Stdout).ShouldSucceed();
        node.Check(second, "second", config, addSecond.Stdout).ShouldSucceed();
        node.Del(first, "first", config).ShouldSucceed();
        node.Del(second, "second", config).ShouldSucceed();
        node.Del(null, "intruder", config).ShouldSucceed();
        var gc = node.Run(ReliabilityNode.Env("GC", "gc", string.Empty), node.Config("1.1.0", ipMasq: false, extra: ",\"cni.dev/valid-attachments\":[]"));
        gc.ShouldSucceed();
        var third = node.Add(node.NewPod(), "third", config);
        third.ShouldSucceed();
        AddressOf(third).Should().Be("10.222.0.5/24");

        Describe(planted).Should().Be(entry, "the entry is not a lease of K8sNet's to remove or rewrite");
        AddressNames(LeaseDir(node)).Should().Equal(["10.222.0.3", "10.222.0.5"], "the only lease left is the third pod's");
        outside.Snapshot().Should().Be(outsideBefore, "nothing outside the lease directory is read, listed or written");
    }

    /// <summary>The reported case: the FIFO is planted before the network's first ADD, where the index is built.</summary>
    [RootFact]
    public void A_fifo_at_the_first_address_of_a_new_network_lets_add_and_del_finish()
    {
        using var node = NewNode();
        var config = node.Config(ipMasq: false);
        var fifo = Path.Combine(LeaseDir(node), "10.222.0.2");
        Command.Sh($"mkdir -p {LeaseDir(node)} && mkfifo {fifo}");
        var pod = node.NewPod();

        var add = node.Add(pod, "pod", config);

        add.ShouldSucceed();
        AddressOf(add).Should().Be("10.222.0.3/24");
        add.Stderr.Should().Contain(fifo).And.Contain("FIFO");
        node.Del(pod, "pod", config).ShouldSucceed();
        AddressNames(LeaseDir(node)).Should().Equal("10.222.0.2");
        Describe(fifo).Should().StartWith("fifo");
    }
}
