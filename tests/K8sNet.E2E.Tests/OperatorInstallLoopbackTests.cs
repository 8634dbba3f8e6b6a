using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// `k8snet install` makes a node's bin dir complete (k8snet plus loopback), and `k8snet inspect` tells its binaries from
/// the reference's. Temp dirs only, never /opt/cni/bin.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class OperatorInstallLoopbackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("k8snet-install-lo-e2e-").FullName;

    private string BinDir => Path.Combine(_root, "bin");

    private string ConfDir => Path.Combine(_root, "net.d");

    private string Loopback => Path.Combine(BinDir, "loopback");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [RootFact]
    public void Install_links_loopback_to_k8snet_and_it_brings_lo_up_in_a_pod()
    {
        Install().EnsureSuccess("install").Stdout.Should().Contain($"create  {Loopback}");

        new FileInfo(Loopback).LinkTarget.Should().Be("k8snet");
        var version = LoopbackPair.Run(Loopback, "VERSION", string.Empty, LoopbackPair.Config("0.1.0"));
        JsonNode.Parse(version.Stdout)!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>())
            .Should().Contain("0.1.0", "run as loopback it is the loopback plugin, which speaks 0.1.0 (the bridge does not)");
        using var pod = TestNetNs.Create("lo-inst");
        pod.Exec("ip link set lo down");
        LoopbackPair.Run(Loopback, "ADD", pod.Path, LoopbackPair.Config("0.3.1")).EnsureSuccess("installed loopback ADD");
        LoopbackPair.LoIsUp(pod).Should().BeTrue();
        Install().Stdout.Should().Contain($"keep    {Loopback}");
    }

    [RequiresFact(Requirements.ReferencePlugins)]
    public void A_reference_loopback_is_left_without_stopping_the_install_and_force_replaces_it()
    {
        Directory.CreateDirectory(BinDir);
        File.Copy(LoopbackPair.ReferencePath, Loopback);

        var run = Install();

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain($"leave   {Loopback}").And.Contain($"create  {Path.Combine(ConfDir, "10-k8snet.conflist")}");
        File.ReadAllBytes(Loopback).Should().Equal(File.ReadAllBytes(LoopbackPair.ReferencePath));
        File.Exists(Path.Combine(BinDir, "k8snet")).Should().BeTrue();

        Install("--force").EnsureSuccess("install --force").Stdout.Should().Contain($"replace {Loopback}");
        new FileInfo(Loopback).LinkTarget.Should().Be("k8snet");
    }

    [RequiresFact(Requirements.ReferencePlugins)]
    public void Inspect_says_which_binaries_in_the_bin_dir_are_k8snets()
    {
        Install("--also-as-host-local").EnsureSuccess("install");
        File.Delete(Path.Combine(BinDir, "portmap")); // install linked k8snet as portmap; put the reference there instead
        File.Copy("/usr/lib/cni/portmap", Path.Combine(BinDir, "portmap"));
        File.Delete(Path.Combine(BinDir, "host-local"));
        File.WriteAllBytes(Path.Combine(BinDir, "host-local"), [.. File.ReadAllBytes(PublishedBinary.Path), 0]); // "another build"
        using var node = TestNetNs.Create("inspbin");

        var json = OperatorCli.Run(node, "inspect", "--conf-dir", ConfDir, "--bin-dir", BinDir, "-o", "json");
        var table = OperatorCli.Run(node, "inspect", "--conf-dir", ConfDir, "--bin-dir", BinDir);

        json.ExitCode.Should().BeOneOf([0, 3], json.Stderr);
        var entries = JsonNode.Parse(json.Stdout)!["binaries"]!["entries"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => (K8sNet: e!["k8snet"]!.GetValue<bool>(), Same: e["sameBuild"]!.GetValue<bool>(), Link: e["symlinkTo"]?.GetValue<string>()));
        entries.Should().BeEquivalentTo(new Dictionary<string, (bool, bool, string?)>
        {
            ["k8snet"] = (true, true, null),
            ["loopback"] = (true, true, "k8snet"),
            ["host-local"] = (true, false, null),
            ["portmap"] = (false, false, null),
        });
        table.Stdout.Should().Contain($"binaries in {BinDir}");
        table.Stdout.Split('\n').Should().Contain(l => l.StartsWith("portmap") && l.Contains(" no"))
            .And.Contain(l => l.StartsWith("host-local") && l.Contains("yes (another build)"));
    }

    private CommandResult Install(params string[] extra) =>
        OperatorCli.Run(null, ["install", "--bin-dir", BinDir, "--conf-dir", ConfDir, "--pod-cidr", "10.200.0.0/24", .. extra]);
}
