using System.CommandLine;
using K8sNet.Operator.Config;

namespace K8sNet.Operator.Install;

/// <summary>
/// The flags and the run of `k8snet install`, in one place for both executables: `k8snet install` (pod CIDRs from
/// --pod-cidr or $POD_CIDR, copies itself) and `k8snet-agent install` (pod CIDRs from this Node in the API, copies
/// --plugin-binary). Same names, same defaults, same plan and writes: the agent's install is this code, not a copy.
/// </summary>
public sealed class InstallCommandLine
{
    private readonly Option<string> _binDir = new("--bin-dir") { Description = "CNI bin dir", DefaultValueFactory = _ => "/opt/cni/bin" };
    private readonly Option<string> _confDir = new("--conf-dir") { Description = "CNI conf dir", DefaultValueFactory = _ => "/etc/cni/net.d" };
    private readonly Option<string> _bridge = new("--bridge") { Description = "Bridge name", DefaultValueFactory = _ => "cnio0" };
    private readonly Option<bool> _ipMasq = new("--ip-masq") { Description = "Masquerade pod traffic leaving the pod CIDR (true|false)", DefaultValueFactory = _ => true };
    private readonly Option<string> _name = new("--name") { Description = "Network name (lease directory name)", DefaultValueFactory = _ => "bridge" };
    private readonly Option<string> _cniVersion = new("--cni-version") { Description = "cniVersion of the conflist", DefaultValueFactory = _ => "1.0.0" };
    private readonly Option<bool> _asBridge = new("--also-as-bridge") { Description = "Also install the binary as <bin-dir>/bridge (replaces the reference plugin only with --force)" };
    private readonly Option<bool> _asHostLocal = new("--also-as-host-local") { Description = "Also install the binary as <bin-dir>/host-local (same rule)" };
    private readonly Option<bool> _loopback = new("--loopback")
    {
        Description = "Also install <bin-dir>/loopback as a symlink to k8snet (true|false); containerd runs it for every pod. Another loopback is kept unless --force",
        DefaultValueFactory = _ => true,
    };

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print what would be written and the conflist; write nothing" };
    private readonly Option<bool> _force = new("--force") { Description = "Replace a different existing conflist (or bridge/host-local/loopback binary)" };

    public const string Description =
        "Links <bin-dir>/loopback to k8snet. Writes are atomic (temp file + rename). An identical existing file is left\n" +
        "alone; a different config is refused unless --force; another loopback is kept (it does the same job).\n" +
        "Exit: 0 done (or nothing to do), 1 refused or failed.";

    /// <summary>Every flag but --pod-cidr (whose source differs), added to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _binDir, _confDir, _bridge, _ipMasq, _name, _cniVersion, _asBridge, _asHostLocal, _loopback, _dryRun, _force })
        {
            command.Options.Add(option);
        }
    }

    public string ConfDir(ParseResult parse) => parse.GetValue(_confDir)!;

    public InstallOptions Read(ParseResult parse, IReadOnlyList<string> podCidrs, string sourceBinary) => new()
    {
        PodCidrs = podCidrs,
        SourceBinary = sourceBinary,
        BinDir = parse.GetValue(_binDir)!,
        ConfDir = parse.GetValue(_confDir)!,
        Bridge = parse.GetValue(_bridge)!,
        IpMasq = parse.GetValue(_ipMasq),
        Name = parse.GetValue(_name)!,
        CniVersion = parse.GetValue(_cniVersion)!,
        AlsoAsBridge = parse.GetValue(_asBridge),
        AlsoAsHostLocal = parse.GetValue(_asHostLocal),
        Loopback = parse.GetValue(_loopback),
        Force = parse.GetValue(_force),
    };

    /// <summary>Plans and writes (or, with --dry-run, prints); returns the exit code (0 done, 1 refused).</summary>
    public int Run(ParseResult parse, InstallOptions options, string who)
    {
        var steps = InstallPlanner.Plan(options);
        var written = steps[^1];
        foreach (var warning in ConfigWarnings.For(NetworkConfigFile.Parse(written.Target, written.Content)))
        {
            Console.Error.WriteLine($"{who}: warning: {warning.Field}: {warning.Reason}");
        }

        var refused = steps.Where(s => s.Status == InstallStepStatus.Conflict).ToList();
        if (parse.GetValue(_dryRun))
        {
            Console.Out.WriteLine("dry run: nothing is written");
            foreach (var step in steps)
            {
                Console.Out.WriteLine($"  {step.Describe()}");
            }

            var conflist = steps[^1];
            Console.Out.WriteLine($"\n{conflist.Target}:\n{System.Text.Encoding.UTF8.GetString(conflist.Content)}");
            return refused.Count == 0 ? 0 : 1;
        }

        if (refused.Count > 0)
        {
            // All or nothing: a half install (new binary, old config) is worse than none.
            foreach (var step in refused)
            {
                Console.Error.WriteLine($"{who}: {step.Describe()}");
            }

            Console.Error.WriteLine($"{who}: nothing was written");
            return 1;
        }

        foreach (var step in steps)
        {
            step.Apply();
            Console.Out.WriteLine(step.Describe());
        }

        return 0;
    }
}
