using System.CommandLine;

namespace K8sNet.Cli;

/// <summary>
/// Operator mode (CNI_COMMAND unset): a person gets help and subcommands instead of a plugin waiting on stdin.
/// </summary>
internal static class OperatorCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand(
            "K8sNet: the CNI plugins of a node in one binary, chosen by the name it runs as: bridge (with host-local IPAM\n" +
            "built in), host-local, loopback, portmap.\n" +
            "Run by the container runtime with CNI_COMMAND set (plugin mode); run by a person for the commands below.\n" +
            "Details and examples of each: k8snet COMMAND --help.\n\n" +
            "Examples:\n  k8snet inspect\n  kubectl get nodes -o json | k8snet routes sync --nodes -\n  k8snet config check /etc/cni/net.d/10-k8snet.conflist\n  echo '{\"cniVersion\":\"1.0.0\"}' | CNI_COMMAND=VERSION k8snet");
        root.Subcommands.Add(VersionCommand.Build());
        root.Subcommands.Add(InstallCommand.Build());
        root.Subcommands.Add(InspectCommand.Build());
        root.Subcommands.Add(LeasesCommand.Build());
        root.Subcommands.Add(GcCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        root.Subcommands.Add(RoutesCommand.Build());
        var parse = root.Parse(args);
        ListSubcommandsByTheirFirstLine(parse.CommandResult.Command);
        return parse.Invoke();
    }

    /// <summary>
    /// Help lists a command's subcommands with their descriptions; each description's first line is its summary, the
    /// rest (details, exit codes, examples) is for `k8snet COMMAND --help`. Only the subcommands of the command the
    /// arguments reached are shortened, so that command's own help (or its action) is unchanged; this runs once per
    /// process, which then exits.
    /// </summary>
    private static void ListSubcommandsByTheirFirstLine(Command command)
    {
        foreach (var subcommand in command.Subcommands)
        {
            if (subcommand.Description is { } description && description.IndexOf('\n') is var end and > 0)
            {
                subcommand.Description = description[..end];
            }
        }
    }
}
