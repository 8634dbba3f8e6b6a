using System.CommandLine;
using K8sNet.Operator.Config;

namespace K8sNet.Cli;

/// <summary>k8snet config check FILE: the plugin's own loaders on a file, every bad field named.</summary>
internal static class ConfigCommand
{
    public static Command Build()
    {
        var files = new Argument<string[]>("FILE") { Description = "A .conf or .conflist (several allowed)", Arity = ArgumentArity.OneOrMore };
        var check = new Command(
            "check",
            "Validate CNI config files as the plugin reads them on ADD, naming each bad field.\n\n" +
            "Validates with the same loaders the plugin runs on ADD (common keys, bridge keys, host-local\n" +
            "ranges and routes) and names each bad field with the reason. Warnings (stderr) name what is valid but fails with\n" +
            "common runtimes, such as cniVersion 1.1.0 with containerd 1.6/1.7. Exit: 0 all valid (warnings or not), 1 some\n" +
            "file invalid.\n\n" +
            "Example:\n  k8snet config check /etc/cni/net.d/10-k8snet.conflist");
        check.Arguments.Add(files);
        check.SetAction(parse =>
        {
            var invalid = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                var problems = ConfigChecker.Check(file);
                foreach (var warning in ConfigWarnings.For(file))
                {
                    Console.Error.WriteLine($"{file}: warning: {warning.Field}: {warning.Reason}");
                }

                if (problems.Count == 0)
                {
                    Console.Out.WriteLine($"{file}: ok");
                    continue;
                }

                invalid++;
                Console.Error.WriteLine($"{file}: invalid");
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine($"  {problem.Field}: {problem.Reason}");
                }
            }

            return invalid == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        var command = new Command("config", "Work with CNI config files.\n\nExample:\n  k8snet config check 10-bridge.conf");
        command.Subcommands.Add(check);
        return command;
    }
}
