using System.CommandLine;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Processes;
using K8sNet.Operator.Gc;
using K8sNet.Operator.Nat;

namespace K8sNet.Cli;

/// <summary>k8snet gc: removes what dead pods left behind (leases, veths, NAT chains), nothing that may be alive.</summary>
internal static class GcCommand
{
    public static Command Build()
    {
        var confDir = CliSupport.ConfDir();
        var config = CliSupport.ConfigFile();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be removed; change nothing" };
        var command = new Command(
            "gc",
            "Remove what pods that are gone left behind: leases, veths, NAT chains, masquerade rules.\n\n" +
            "Removes leftovers of pods that are gone: leases whose netns no longer exists (and their NAT chain), veths on\n" +
            "the bridge that no lease accounts for, NAT chains of the network whose container holds no lease, masquerade\n" +
            "rules of the network whose subnet holds no lease. A lease whose netns still exists is left for the runtime's\n" +
            "DEL. Run it on the node (or inside the node netns).\n" +
            "Exit: 0 done or nothing to do, 3 --dry-run found something, 1 error (each failure is listed).\n\n" +
            "Examples:\n  k8snet gc --dry-run\n  k8snet gc --config /etc/cni/net.d/10-bridge.conf");
        command.Options.Add(confDir);
        command.Options.Add(config);
        command.Options.Add(dryRun);
        command.SetAction(parse => CliSupport.Guard("gc", () =>
        {
            var networks = CliSupport.Networks(parse, config, confDir);
            var actions = GcPlanner.Plan(InspectCommand.Inspect(networks));
            if (actions.Count == 0)
            {
                Console.Out.WriteLine("nothing to collect");
                return ExitCodes.Ok;
            }

            if (parse.GetValue(dryRun))
            {
                Console.Out.WriteLine($"dry run: {actions.Count} removal(s), nothing changed:");
                foreach (var action in actions)
                {
                    Console.Out.WriteLine($"  {action.Describe()}");
                }

                return ExitCodes.Findings;
            }

            var runner = CommandRunner.FromProcessEnvironment();
            var errors = new GcExecutor(new IptablesMasqueradeBackend(runner), new NatChainRemover(runner)).Execute(actions, networks, done => Console.Out.WriteLine(done));
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"k8snet gc: {error}");
            }

            return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
