using System.Text;
using K8sNet.Operator.Config;
using K8sNet.Operator.Install;

namespace K8sNet.Operator.Tests;

public sealed class InstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("k8snet-install-").FullName;

    private InstallOptions Options(string cidr = "10.200.0.0/24") => new()
    {
        PodCidrs = InstallOptions.SplitCidrs(cidr),
        SourceBinary = Source(),
        BinDir = Path.Combine(_root, "bin"),
        ConfDir = Path.Combine(_root, "net.d"),
    };

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_conflist_is_the_seed_network_and_passes_config_check()
    {
        var text = ConflistBuilder.Build(Options());
        var file = NetworkConfigFile.Parse("x.conflist", Encoding.UTF8.GetBytes(text));

        ConfigChecker.Check(file).Should().BeEmpty();
        var network = K8sNetNetwork.From(file).Single();
        (network.Name, network.Bridge, network.IpMasq).Should().Be(("bridge", "cnio0", true));
        text.Should().Contain("\"subnet\": \"10.200.0.0/24\"").And.Contain("\"dst\": \"0.0.0.0/0\"").And.NotContain("::/0");
    }

    [Fact]
    public void Two_cidrs_make_a_dual_stack_conflist_with_a_default_route_per_family()
    {
        var text = ConflistBuilder.Build(Options("10.200.0.0/24, fd00:10:200::/64"));

        text.Should().Contain("fd00:10:200::/64").And.Contain("\"dst\": \"::/0\"").And.Contain("\"dst\": \"0.0.0.0/0\"");
    }

    [Theory]
    [InlineData("", "--pod-cidr is required")]
    [InlineData("10.200.0.0", "is not a CIDR")]
    [InlineData("10.200.0.0/31", "too small")]
    [InlineData("10.0.0.0/24,10.1.0.0/24", "at most one IPv4")]
    public void Bad_pod_cidrs_are_refused_in_plain_words(string cidr, string reason)
    {
        var act = () => ConflistBuilder.Build(Options(cidr));

        act.Should().Throw<InstallException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void A_fresh_install_creates_and_a_repeat_is_unchanged()
    {
        var first = InstallPlanner.Plan(Options());
        first.Should().OnlyContain(s => s.Status == InstallStepStatus.Create);
        foreach (var step in first)
        {
            step.Apply();
        }

        InstallPlanner.Plan(Options()).Should().OnlyContain(s => s.Status == InstallStepStatus.Unchanged);
        File.GetUnixFileMode(first[0].Target).Should().HaveFlag(UnixFileMode.OtherExecute);
        Directory.GetFiles(Path.GetDirectoryName(first[0].Target)!).Select(Path.GetFileName).Should().BeEquivalentTo(["k8snet", "loopback", "portmap"], "no temp file is left behind");
        new FileInfo(Path.Combine(_root, "bin", "loopback")).LinkTarget.Should().Be("k8snet");
        new FileInfo(Path.Combine(_root, "bin", "portmap")).LinkTarget.Should().Be("k8snet");
    }

    [Fact]
    public void A_different_config_is_a_conflict_unless_forced()
    {
        foreach (var step in InstallPlanner.Plan(Options()))
        {
            step.Apply();
        }

        InstallPlanner.Plan(Options("10.201.0.0/24"))[^1].Status.Should().Be(InstallStepStatus.Conflict);
        InstallPlanner.Plan(Options("10.201.0.0/24") with { Force = true })[^1].Status.Should().Be(InstallStepStatus.Replace);
    }

    [Fact]
    public void A_different_bridge_binary_is_a_conflict_but_our_own_binary_is_upgraded()
    {
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        File.WriteAllText(Path.Combine(_root, "bin", "bridge"), "reference plugin");
        File.WriteAllText(Path.Combine(_root, "bin", "k8snet"), "old k8snet");

        var steps = InstallPlanner.Plan(Options() with { AlsoAsBridge = true });

        steps.Select(s => (Path.GetFileName(s.Target), s.Status)).Should().Equal(
            ("k8snet", InstallStepStatus.Replace), ("bridge", InstallStepStatus.Conflict), ("loopback", InstallStepStatus.Create),
            ("portmap", InstallStepStatus.Create), (InstallOptions.ConfFileName, InstallStepStatus.Create));
    }

    [Fact]
    public void The_conflist_chains_k8snet_as_portmap_with_port_mappings_and_turns_on_hairpin_mode()
    {
        var text = ConflistBuilder.Build(Options());
        var file = NetworkConfigFile.Parse("x.conflist", Encoding.UTF8.GetBytes(text));

        file.Plugins.Select(p => p.Type).Should().Equal("k8snet", "portmap");
        text.Should().Contain("\"hairpinMode\": true").And.Contain("\"portMappings\": true");
    }

    [Fact]
    public void Install_links_portmap_to_k8snet_and_leaves_a_reference_portmap_unless_forced()
    {
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        File.WriteAllText(Path.Combine(_root, "bin", "portmap"), "reference portmap");

        Step(InstallPlanner.Plan(Options()), "portmap").Status.Should().Be(InstallStepStatus.Leave);
        var forced = Step(InstallPlanner.Plan(Options() with { Force = true }), "portmap");
        forced.Status.Should().Be(InstallStepStatus.Replace);
        forced.SymlinkTo.Should().Be("k8snet");
    }

    private static InstallStep Step(IReadOnlyList<InstallStep> steps, string name) => steps.Single(s => Path.GetFileName(s.Target) == name);

    private string Source()
    {
        var path = Path.Combine(_root, "k8snet-source");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3]);
        }

        return path;
    }
}
