using K8sNet.Operator.Install;

namespace K8sNet.Operator.Tests;

/// <summary>install's loopback: a symlink to k8snet, k8snet's of any build upgraded, another's left alone (or --force).</summary>
public sealed class InstallLoopbackTests : IDisposable
{
    private static readonly byte[] Ours = [0x7f, (byte)'E', (byte)'L', (byte)'F', .. K8sNetBinary.Marker, 1, 2, 3];

    private readonly string _root = Directory.CreateTempSubdirectory("k8snet-install-lo-").FullName;

    private string BinDir => Path.Combine(_root, "bin");

    private string Loopback => Path.Combine(BinDir, "loopback");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_fresh_install_links_loopback_to_k8snet_and_an_upgrade_of_k8snet_carries_it_along()
    {
        Apply(Options());

        new FileInfo(Loopback).LinkTarget.Should().Be("k8snet", "relative, so it holds wherever the bin dir is mounted");
        File.ReadAllBytes(Loopback).Should().Equal(Ours);
        InstallPlanner.Plan(Options()).Should().OnlyContain(s => s.Status == InstallStepStatus.Unchanged);

        byte[] newer = [.. Ours, 4];
        File.WriteAllBytes(Source(), newer);
        var upgrade = InstallPlanner.Plan(Options());
        upgrade.Single(s => Path.GetFileName(s.Target) == "loopback").Status.Should().Be(InstallStepStatus.Unchanged);
        Apply(upgrade);

        File.ReadAllBytes(Loopback).Should().Equal(newer, "loopback is k8snet's inode, whichever build is installed");
    }

    [Fact]
    public void Another_loopback_is_left_and_the_rest_of_the_install_goes_on_unless_forced()
    {
        Directory.CreateDirectory(BinDir);
        File.WriteAllText(Loopback, "the reference loopback");

        var steps = InstallPlanner.Plan(Options());

        steps.Select(s => (Path.GetFileName(s.Target), s.Status)).Should().Equal(
            ("k8snet", InstallStepStatus.Create), ("loopback", InstallStepStatus.Leave), ("portmap", InstallStepStatus.Create), (InstallOptions.ConfFileName, InstallStepStatus.Create));
        steps[1].Describe().Should().Contain("leave").And.Contain("--force replaces it");
        Apply(steps);
        File.ReadAllText(Loopback).Should().Be("the reference loopback");
        File.Exists(Path.Combine(_root, "net.d", InstallOptions.ConfFileName)).Should().BeTrue();

        Apply(Options() with { Force = true });

        new FileInfo(Loopback).LinkTarget.Should().Be("k8snet");
    }

    [Fact]
    public void A_k8snet_loopback_of_another_build_or_a_copy_of_this_one_is_replaced_by_the_link_without_force()
    {
        Directory.CreateDirectory(BinDir);
        foreach (byte[] content in new[] { [9, 9, .. K8sNetBinary.Marker, 9], Ours })
        {
            File.Delete(Loopback);
            File.WriteAllBytes(Loopback, content);

            InstallPlanner.Plan(Options()).Single(s => s.Target == Loopback).Status.Should().Be(InstallStepStatus.Replace);
        }
    }

    [Fact]
    public void A_broken_symlink_is_replaced_and_an_absolute_link_to_another_k8snet_is_upgraded()
    {
        Directory.CreateDirectory(BinDir);
        File.CreateSymbolicLink(Loopback, "/nonexistent/loopback");
        InstallPlanner.Plan(Options()).Single(s => s.Target == Loopback).Status.Should().Be(InstallStepStatus.Replace);

        File.Delete(Loopback);
        var elsewhere = Path.Combine(_root, "old-k8snet");
        File.WriteAllBytes(elsewhere, [.. K8sNetBinary.Marker]);
        File.CreateSymbolicLink(Loopback, elsewhere);
        InstallPlanner.Plan(Options()).Single(s => s.Target == Loopback).Status.Should().Be(InstallStepStatus.Replace);
    }

    [Fact]
    public void Loopback_false_leaves_it_out()
    {
        InstallPlanner.Plan(Options() with { Loopback = false }).Should().NotContain(s => s.Target == Loopback);
    }

    [Fact]
    public void Owner_is_this_build_for_the_same_bytes_another_build_for_the_marker_and_foreign_otherwise()
    {
        Directory.CreateDirectory(BinDir);
        var cases = new (string Name, byte[] Content, BinaryOwner Owner)[]
        {
            ("same", Ours, BinaryOwner.ThisBuild),
            ("older", [0x7f, .. K8sNetBinary.Marker[..^1], .. K8sNetBinary.Marker, 0], BinaryOwner.OtherBuild),
            ("reference", [0x7f, (byte)'E', (byte)'L', (byte)'F', .. K8sNetBinary.Marker[..^1]], BinaryOwner.Foreign),
        };
        foreach (var (name, content, owner) in cases)
        {
            File.WriteAllBytes(Path.Combine(BinDir, name), content);
            K8sNetBinary.OwnerOf(Path.Combine(BinDir, name), Ours).Should().Be(owner, name);
        }

        File.CreateSymbolicLink(Path.Combine(BinDir, "via-link"), "older");
        K8sNetBinary.OwnerOf(Path.Combine(BinDir, "via-link"), Ours).Should().Be(BinaryOwner.OtherBuild);
        K8sNetBinary.OwnerOf(Path.Combine(BinDir, "missing"), Ours).Should().Be(BinaryOwner.Foreign);
    }

    private static void Apply(IEnumerable<InstallStep> steps)
    {
        foreach (var step in steps)
        {
            step.Apply();
        }
    }

    private void Apply(InstallOptions options) => Apply(InstallPlanner.Plan(options));

    private InstallOptions Options() => new()
    {
        PodCidrs = ["10.200.0.0/24"],
        SourceBinary = Source(),
        BinDir = BinDir,
        ConfDir = Path.Combine(_root, "net.d"),
    };

    private string Source()
    {
        var path = Path.Combine(_root, "k8snet-source");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, Ours);
        }

        return path;
    }
}
