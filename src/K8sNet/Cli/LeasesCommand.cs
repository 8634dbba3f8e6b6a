using System.CommandLine;
using K8sNet.Operator.Leases;
using K8sNet.Operator.Rendering;

namespace K8sNet.Cli;

/// <summary>k8snet leases: who holds which address, from the lease store's by-container index.</summary>
internal static class LeasesCommand
{
    public static Command Build()
    {
        var confDir = CliSupport.ConfDir();
        var config = CliSupport.ConfigFile();
        var network = CliSupport.Network();
        var command = new Command(
            "leases",
            "List the host-local leases of the K8sNet networks.\n\n" +
            "Lists each lease's network, container ID, ifname, IP, age and the netns\n" +
            "recorded at ADD time. Exit: 0 listed (also when empty), 1 error.\n\n" +
            "Examples:\n  k8snet leases\n  k8snet leases --config /etc/cni/net.d/10-bridge.conf --network bridge");
        command.Options.Add(confDir);
        command.Options.Add(config);
        command.Options.Add(network);
        command.SetAction(parse => CliSupport.Guard("leases", () =>
        {
            var now = DateTime.UtcNow;
            var rows = CliSupport.Networks(parse, config, confDir, network).SelectMany(n => LeaseReader.Read(n)).ToList();
            Console.Out.Write(TextTable.Render(
                ["NETWORK", "CONTAINER ID", "IFNAME", "IP", "AGE", "NETNS"],
                rows.Select(r => (IReadOnlyList<string>)[r.Network, r.ContainerId, r.IfName, r.Ip, Age.Format(r.AgeAt(now)), r.NetNs.Length == 0 ? "-" : r.NetNs])));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
