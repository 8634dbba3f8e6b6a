using K8sNet.Testing;

namespace K8sNet.Ship.Tests;

/// <summary>
/// conf/k8snet-agent.service, as systemd itself reads it (`systemd-analyze verify`, offline: systemd need not be
/// PID 1), and what it must say: the kube-proxy kubeconfig, install before routes, CAP_NET_ADMIN only, the system
/// read-only but for the CNI directories and /run/k8snet, and Type=notify (SystemdNotifyTests runs the agent).
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string InstalledAgent = "/usr/local/bin/k8snet-agent";
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-unit-").FullName;
    private readonly Dictionary<string, List<string>> _service = ReadSection(Repo.Read("conf/k8snet-agent.service"), "Service");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        // verify checks that ExecStart's program exists: the copy names the published agent where the unit has
        // /usr/local/bin, nothing else changes.
        var unit = Path.Combine(_dir, "k8snet-agent.service");
        File.WriteAllText(unit, Repo.Read("conf/k8snet-agent.service").Replace(InstalledAgent, Repo.Agent));

        var result = Command.Run("systemd-analyze", ["verify", unit]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Trim().Should().BeEmpty("an unknown key or a bad value is only a warning, and a warning is a defect here");
    }

    [Fact]
    public void Offline_security_analysis_rates_the_unit_well_exposed_at_most_4()
    {
        var unit = Path.Combine(_dir, "k8snet-agent.service");
        File.WriteAllText(unit, Repo.Read("conf/k8snet-agent.service").Replace(InstalledAgent, Repo.Agent));

        var result = Command.Run("systemd-analyze", ["security", "--offline=true", "--no-pager", unit]);

        var match = System.Text.RegularExpressions.Regex.Match(result.Stdout + result.Stderr, @"Overall exposure level for \S+: (\d+\.\d+)");
        match.Success.Should().BeTrue(result.Stdout + result.Stderr);
        double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(4.0);
    }

    [Fact]
    public void Install_runs_first_then_routes_both_with_the_kube_proxy_kubeconfig()
    {
        Single("Environment", "K8SNET_KUBECONFIG=").Should().Be("K8SNET_KUBECONFIG=/var/lib/kube-proxy/kubeconfig");
        Single("ExecStartPre").Should().StartWith($"{InstalledAgent} install --kubeconfig ${{K8SNET_KUBECONFIG}}");
        Single("ExecStart").Should().StartWith($"{InstalledAgent} routes --kubeconfig ${{K8SNET_KUBECONFIG}}");
        Single("Restart").Should().Be("always");
    }

    [Fact]
    public void Every_flag_the_unit_passes_is_one_the_published_agent_accepts()
    {
        foreach (var key in new[] { "ExecStartPre", "ExecStart" })
        {
            var words = Single(key).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var help = Repo.AgentHelp(words[1]);
            foreach (var flag in words.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
            {
                help.Should().Contain(flag, $"`k8snet-agent {words[1]} --help` must list {flag}");
            }
        }
    }

    [Fact]
    public void Only_CAP_NET_ADMIN_and_only_the_cni_directories_and_run_k8snet_are_writable()
    {
        Single("CapabilityBoundingSet").Should().Be("CAP_NET_ADMIN");
        Single("AmbientCapabilities").Should().Be("CAP_NET_ADMIN");
        Single("NoNewPrivileges").Should().Be("yes");
        Single("ProtectSystem").Should().Be("strict");
        Single("ProtectHome").Should().Be("yes");
        Single("ReadWritePaths").Split(' ').Should().BeEquivalentTo("/opt/cni/bin", "/etc/cni/net.d");
        Single("RuntimeDirectory").Should().Be("k8snet", "/run/k8snet holds the routes state `k8snet inspect` reads");
        Single("RuntimeDirectoryPreserve").Should().Be("yes", "the state outlives a restart, like the routes");
    }

    [Fact]
    public void Type_is_notify_which_SystemdNotifyTests_holds_the_agent_to()
    {
        Single("Type").Should().Be("notify", "the agent sends READY=1 after its first reconcile (SystemdNotifyTests)");
        Single("TimeoutStopSec").Should().Be("10", "SIGTERM ends the agent within 5 s");
    }

    private string Single(string key, string? prefix = null) =>
        _service[key].Where(v => prefix is null || v.StartsWith(prefix, StringComparison.Ordinal)).Should().ContainSingle().Subject;

    /// <summary>key -> every value it is given in one [section] of a unit file (comments and blank lines dropped).</summary>
    private static Dictionary<string, List<string>> ReadSection(string unit, string section)
    {
        var values = new Dictionary<string, List<string>>();
        var inSection = false;
        foreach (var raw in unit.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inSection = line == $"[{section}]";
            }
            else if (inSection && line.Length > 0 && !line.StartsWith('#') && line.IndexOf('=') is > 0 and var equals)
            {
                var key = line[..equals];
                values.TryAdd(key, []);
                values[key].Add(line[(equals + 1)..]);
            }
        }

        return values;
    }
}
