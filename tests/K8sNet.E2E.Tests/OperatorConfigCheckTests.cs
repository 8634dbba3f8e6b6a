using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

public sealed class OperatorConfigCheckTests
{
    [Fact]
    public void Every_file_in_conf_passes_config_check()
    {
        var files = Directory.GetFiles(OperatorCli.RepoConfDir()).Where(f => f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".conflist", StringComparison.Ordinal)).ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(3);

        var run = OperatorCli.Run(null, ["config", "check", .. files]);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(files.Count).And.OnlyContain(l => l.EndsWith(": ok", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_config_exits_1_and_names_each_bad_field_on_stderr()
    {
        var path = Path.Combine(Path.GetTempPath(), $"k8snet-bad-{Environment.ProcessId}.conf");
        File.WriteAllText(path, """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"a-bridge-name-too-long","mtu":10,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24","rangeStart":"10.9.9.9"}]]}}""");
        try
        {
            var run = OperatorCli.Run(null, "config", "check", path);

            run.ExitCode.Should().Be(1);
            run.Stdout.Should().BeEmpty();
            run.Stderr.Should().Contain($"{path}: invalid").And.Contain("  bridge: ").And.Contain("ipam.ranges[0][0]");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cni_version_1_1_0_is_valid_but_warned_about_for_containerd_1_6_and_1_7_and_install_warns_too()
    {
        var dir = Directory.CreateTempSubdirectory("k8snet-warn-").FullName;
        try
        {
            var path = Path.Combine(dir, "10-k8snet.conflist");
            File.WriteAllText(path, """{"cniVersion":"1.1.0","name":"bridge","plugins":[{"type":"k8snet","bridge":"cnio0","ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]]}}]}""");

            var run = OperatorCli.Run(null, "config", "check", path);

            run.ExitCode.Should().Be(0, "a warning does not make the file invalid");
            run.Stdout.Should().Be($"{path}: ok\n");
            run.Stderr.Should().Contain($"{path}: warning: cniVersion: 1.1.0: containerd 1.6 and 1.7 fail the pod sandbox")
                .And.Contain("unsupported CNI result version 1.1.0");

            var install = OperatorCli.Run(null, "install", "--bin-dir", Path.Combine(dir, "bin"), "--conf-dir", Path.Combine(dir, "net.d"), "--pod-cidr", "10.200.0.0/24", "--dry-run");
            install.Stderr.Should().BeEmpty("install writes 1.0.0 by default");
            install.Stdout.Should().Contain("\"cniVersion\": \"1.0.0\"");
            OperatorCli.Run(null, "install", "--bin-dir", Path.Combine(dir, "bin"), "--conf-dir", Path.Combine(dir, "net.d"), "--pod-cidr", "10.200.0.0/24", "--cni-version", "1.1.0", "--dry-run")
                .Stderr.Should().Contain("warning: cniVersion: 1.1.0");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_command_has_help_with_an_example()
    {
        foreach (var command in new[] { "install", "inspect", "leases", "gc", "config check" })
        {
            var run = OperatorCli.Run(null, [.. command.Split(' '), "--help"]);

            run.ExitCode.Should().Be(0);
            run.Stdout.Should().Contain("Example").And.Contain($"k8snet {command.Split(' ')[0]}");
        }
    }

    [Fact]
    public void Inspect_without_configs_says_so_on_stderr_and_exits_1()
    {
        var run = OperatorCli.Run(null, "inspect", "--conf-dir", "/nonexistent-k8snet");

        run.ExitCode.Should().Be(1);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("/nonexistent-k8snet does not exist");
    }
}
