using System.CommandLine;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Operator.Routes;

namespace K8sNet.Cli;

/// <summary>
/// k8snet routes sync|watch: this node's routes to every other node's pod CIDRs via that node's InternalIP, from
/// Kubernetes Node objects. Operator-only: nothing here is reachable from the plugin's ADD/DEL.
/// </summary>
internal static class RoutesCommand
{
    public static Command Build()
    {
        var command = new Command(
            "routes",
            "Keep this node's routes to the other nodes' pod CIDRs (sync once, or watch the API).\n\n" +
            $"Routes to the other nodes' pod CIDRs (spec.podCIDRs) via their InternalIP, made over netlink with route protocol\n" +
            $"{OwnRoutes.Protocol} (`ip route` shows \"proto {OwnRoutes.Protocol}\"). Only routes of that protocol are ever changed or deleted: a route\n" +
            "of anyone else to the same prefix is left alone and reported, and so is a next hop that is not on a directly\n" +
            "connected subnet.");
        command.Subcommands.Add(BuildSync());
        command.Subcommands.Add(RoutesWatchCommand.Build());
        return command;
    }

    public static Option<string?> NodeName() => new("--node-name")
    {
        Description = "This node's name in the list (default: the node whose InternalIP is an address of this host)",
    };

    public static Option<string> StateFile() => new("--state-file")
    {
        Description = "Where the route -> node record for `k8snet inspect` is kept",
        DefaultValueFactory = _ => RouteStateFile.DefaultPath,
    };

    private static Command BuildSync()
    {
        var nodes = new Option<string>("--nodes") { Description = "A NodeList as `kubectl get nodes -o json` prints it; - for stdin", Required = true };
        var nodeName = NodeName();
        var stateFile = StateFile();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan; change nothing" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list the routes that are already right" };
        var command = new Command(
            "sync",
            "Reconcile this node's routes once from a node list (kubectl get nodes -o json).\n\n" +
            "One reconcile of this node's routes from a node list: add the missing, replace a changed next hop, delete ours\n" +
            "that no node wants any more. A second sync in a row writes nothing. A node with an unusable field (no name, a\n" +
            "CIDR with host bits, an address that is not one) makes the whole list refused, with nothing changed.\n" +
            "Exit: 0 every wanted route is in place, 3 some were not installed (listed on stderr), 1 error.\n\n" +
            "Examples:\n  kubectl get nodes -o json | k8snet routes sync --nodes -\n" +
            "  k8snet routes sync --nodes nodes.json --node-name worker-0 --dry-run");
        command.Options.Add(nodes);
        command.Options.Add(nodeName);
        command.Options.Add(stateFile);
        command.Options.Add(dryRun);
        command.Options.Add(verbose);
        command.SetAction(parse => CliSupport.Guard("routes sync", () =>
        {
            var list = NodeListJson.Parse(ReadInput(parse.GetValue(nodes)!));
            if (list.Problems.Count > 0)
            {
                foreach (var problem in list.Problems)
                {
                    Console.Error.WriteLine($"k8snet routes sync: {problem}");
                }

                Console.Error.WriteLine($"k8snet routes sync: {list.Problems.Count} problem(s) in the node list: nothing changed");
                return ExitCodes.Failed;
            }

            using var netlink = RouteNetlink.Open();
            var result = new RouteReconciler(netlink).Reconcile(list.Nodes, parse.GetValue(nodeName), parse.GetValue(dryRun));
            ReconcileReport.Write(result, Console.Out, Console.Error, parse.GetValue(verbose));
            if (!result.DryRun)
            {
                RouteStateFile.Write(parse.GetValue(stateFile)!, result.Installed);
            }

            return result.Errors.Count > 0 ? ExitCodes.Failed
                : result.Plan.Skipped.Count > 0 ? ExitCodes.Findings
                : ExitCodes.Ok;
        }));
        return command;
    }

    private static byte[] ReadInput(string path)
    {
        if (path != "-")
        {
            return File.ReadAllBytes(path);
        }

        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
