using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

public sealed class OperatorInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("k8snet-install-e2e-").FullName;

    private string BinDir => Path.Combine(_root, "bin");

    private string ConfDir => Path.Combine(_root, "net.d");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CommandResult Install(params string[] extra) =>
        OperatorCli.Run(null, ["install", "--bin-dir", BinDir, "--conf-dir", ConfDir, .. extra]);

    [Fact]
    public void Dry_run_prints_the_plan_and_the_conflist_and_writes_nothing()
    {
        var run = Install("--pod-cidr", "10.200.0.0/24", "--also-as-host-local", "--dry-run");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("dry run").And.Contain($"create  {BinDir}/k8snet").And.Contain($"create  {BinDir}/host-local")
            .And.Contain("\"subnet\": \"10.200.0.0/24\"");
        Directory.Exists(BinDir).Should().BeFalse();
        Directory.Exists(ConfDir).Should().BeFalse();
    }

    [Fact]
    public void A_real_install_writes_a_working_binary_and_a_valid_conflist_and_a_repeat_is_a_no_op()
    {
        var run = OperatorCli.Run(null, ["install", "--bin-dir", BinDir, "--conf-dir", ConfDir, "--also-as-bridge", "--ip-masq", "false"]);
        run.ExitCode.Should().Be(1, "no --pod-cidr and no POD_CIDR");
        run.Stderr.Should().Contain("--pod-cidr is required");

        Install("--pod-cidr", "10.200.0.0/24", "--also-as-bridge", "--ip-masq", "false").EnsureSuccess("install");

        File.ReadAllBytes(Path.Combine(BinDir, "k8snet")).Should().Equal(File.ReadAllBytes(PublishedBinary.Path));
        File.ReadAllBytes(Path.Combine(BinDir, "portmap")).Should().Equal(File.ReadAllBytes(PublishedBinary.Path), "the conflist chains portmap after the bridge");
        Command.Run(Path.Combine(BinDir, "k8snet"), ["version"]).Stdout.Should().StartWith("k8snet ");
        Command.Run(Path.Combine(BinDir, "bridge"), [], "{\"cniVersion\":\"1.0.0\"}", new Dictionary<string, string?> { ["CNI_COMMAND"] = "VERSION", ["K8SNET_LOG_FILE"] = "stderr" })
            .Stdout.Should().Contain("supportedVersions");
        var conflist = Path.Combine(ConfDir, "10-k8snet.conflist");
        File.ReadAllText(conflist).Should().Contain("\"ipMasq\": false");
        OperatorCli.Run(null, "config", "check", conflist).ExitCode.Should().Be(0);
        var written = File.GetLastWriteTimeUtc(conflist);

        var again = Install("--pod-cidr", "10.200.0.0/24", "--also-as-bridge", "--ip-masq", "false");

        again.ExitCode.Should().Be(0, again.Stderr);
        again.Stdout.Should().Contain("already identical").And.NotContain("create").And.NotContain("replace");
        File.GetLastWriteTimeUtc(conflist).Should().Be(written);
    }

    [Fact]
    public void A_different_existing_config_is_refused_without_force_and_nothing_is_written()
    {
        Install("--pod-cidr", "10.200.0.0/24").EnsureSuccess("install");
        var before = File.ReadAllText(Path.Combine(ConfDir, "10-k8snet.conflist"));

        var refused = Command.Run(PublishedBinary.Path, ["install", "--bin-dir", BinDir, "--conf-dir", ConfDir],
            environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null, ["POD_CIDR"] = "10.201.0.0/24" });

        refused.ExitCode.Should().Be(1);
        refused.Stderr.Should().Contain("use --force").And.Contain("nothing was written");
        File.ReadAllText(Path.Combine(ConfDir, "10-k8snet.conflist")).Should().Be(before);

        Install("--pod-cidr", "10.201.0.0/24", "--force").EnsureSuccess("install --force");
        File.ReadAllText(Path.Combine(ConfDir, "10-k8snet.conflist")).Should().Contain("10.201.0.0/24");
    }
}
