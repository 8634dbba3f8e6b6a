using System.CommandLine;
using K8sNet.Operator.Config;
using K8sNet.Operator.Install;

namespace K8sNet.Cli;

/// <summary>k8snet install: the binary into the CNI bin dir and a conflist into the conf dir, atomically.</summary>
internal static class InstallCommand
{
    public static Command Build()
    {
        var podCidr = new Option<string?>("--pod-cidr") { Description = "The node's pod CIDR(s), comma-separated for dual stack (default: $POD_CIDR)" };
        var binDir = new Option<string>("--bin-dir") { Description = "CNI bin dir", DefaultValueFactory = _ => "/opt/cni/bin" };
        var confDir = new Option<string>("--conf-dir") { Description = "CNI conf dir", DefaultValueFactory = _ => "/etc/cni/net.d" };
        var bridge = new Option<string>("--bridge") { Description = "Bridge name", DefaultValueFactory = _ => "cnio0" };
        var ipMasq = new Option<bool>("--ip-masq") { Description = "Masquerade pod traffic leaving the pod CIDR (true|false)", DefaultValueFactory = _ => true };
        var name = new Option<string>("--name") { Description = "Network name (lease directory name)", DefaultValueFactory = _ => "bridge" };
        var cniVersion = new Option<string>("--cni-version") { Description = "cniVersion of the conflist", DefaultValueFactory = _ => "1.0.0" };
        var asBridge = new Option<bool>("--also-as-bridge") { Description = "Also install the binary as <bin-dir>/bridge (replaces the reference plugin only with --force)" };
        var asHostLocal = new Option<bool>("--also-as-host-local") { Description = "Also install the binary as <bin-dir>/host-local (same rule)" };
        var loopback = new Option<bool>("--loopback")
        {
            Description = "Also install <bin-dir>/loopback as a symlink to k8snet (true|false); containerd runs it for every pod. Another loopback is kept unless --force",
            DefaultValueFactory = _ => true,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be written and the conflist; write nothing" };
        var force = new Option<bool>("--force") { Description = "Replace a different existing conflist (or bridge/host-local/loopback binary)" };
        var command = new Command(
            "install",
            "Install k8snet on this node: the binary into the CNI bin dir, " + InstallOptions.ConfFileName + " into the conf dir.\n\n" +
            "Copies the running binary into the CNI bin dir and writes " + InstallOptions.ConfFileName + "\n" +
            "into the conf dir, and links <bin-dir>/loopback to it. Writes are atomic (temp file + rename). An identical existing\n" +
            "file is left alone; a different config is refused unless --force; another loopback is kept (it does the same job).\n" +
            "Exit: 0 done (or nothing to do), 1 refused or failed.\n\n" +
            "Examples:\n  k8snet install --pod-cidr 10.200.0.0/24 --dry-run\n  POD_CIDR=10.200.1.0/24 k8snet install --also-as-host-local\n" +
            "  k8snet install --pod-cidr 10.200.0.0/24,fd00:10:200::/64 --bin-dir /tmp/bin --conf-dir /tmp/net.d");
        foreach (var option in new Option[] { podCidr, binDir, confDir, bridge, ipMasq, name, cniVersion, asBridge, asHostLocal, loopback, dryRun, force })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliSupport.Guard("install", () =>
        {
            var options = new InstallOptions
            {
                PodCidrs = InstallOptions.SplitCidrs(parse.GetValue(podCidr) ?? Environment.GetEnvironmentVariable("POD_CIDR")),
                SourceBinary = Environment.ProcessPath ?? throw new InstallException("cannot tell where the running k8snet binary is"),
                BinDir = parse.GetValue(binDir)!,
                ConfDir = parse.GetValue(confDir)!,
                Bridge = parse.GetValue(bridge)!,
                IpMasq = parse.GetValue(ipMasq),
                Name = parse.GetValue(name)!,
                CniVersion = parse.GetValue(cniVersion)!,
                AlsoAsBridge = parse.GetValue(asBridge),
                AlsoAsHostLocal = parse.GetValue(asHostLocal),
                Loopback = parse.GetValue(loopback),
                Force = parse.GetValue(force),
            };
            var steps = InstallPlanner.Plan(options);
            var conflist = steps[^1];
            foreach (var warning in ConfigWarnings.For(NetworkConfigFile.Parse(conflist.Target, conflist.Content)))
            {
                Console.Error.WriteLine($"k8snet install: warning: {warning.Field}: {warning.Reason}");
            }

            return Run(steps, parse.GetValue(dryRun));
        }));
        return command;
    }

    private static int Run(IReadOnlyList<InstallStep> steps, bool dryRun)
    {
        var refused = steps.Where(s => s.Status == InstallStepStatus.Conflict).ToList();
        if (dryRun)
        {
            Console.Out.WriteLine("dry run: nothing is written");
            foreach (var step in steps)
            {
                Console.Out.WriteLine($"  {step.Describe()}");
            }

            var conflist = steps[^1];
            Console.Out.WriteLine($"\n{conflist.Target}:\n{System.Text.Encoding.UTF8.GetString(conflist.Content)}");
            return refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }

        if (refused.Count > 0)
        {
            // All or nothing: a half install (new binary, old config) is worse than none.
            foreach (var step in refused)
            {
                Console.Error.WriteLine($"k8snet install: {step.Describe()}");
            }

            Console.Error.WriteLine("k8snet install: nothing was written");
            return ExitCodes.Failed;
        }

        foreach (var step in steps)
        {
            step.Apply();

            Console.Out.WriteLine(step.Describe());
        }

        return ExitCodes.Ok;
    }
}
