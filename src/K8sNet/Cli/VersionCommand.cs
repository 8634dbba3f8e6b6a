using System.CommandLine;
using System.Reflection;
using K8sNet.Cni;

namespace K8sNet.Cli;

internal static class VersionCommand
{
    public static Command Build()
    {
        var command = new Command("version", "Print the K8sNet version and the CNI spec versions it speaks.\n\nExample:\n  k8snet version");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"k8snet {ProductVersion()}");
            Console.Out.WriteLine($"CNI spec versions: {string.Join(", ", CniVersion.SupportedStrings)}");
            Console.Out.WriteLine($"  as loopback: {string.Join(", ", CniVersionSet.All.Strings)}");
            return 0;
        });
        return command;
    }

    public static string ProductVersion() =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
