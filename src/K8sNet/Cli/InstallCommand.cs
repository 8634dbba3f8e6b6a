using System.CommandLine;
using K8sNet.Operator.Install;

namespace K8sNet.Cli;

/// <summary>k8snet install: the binary into the CNI bin dir and a conflist into the conf dir, atomically.</summary>
internal static class InstallCommand
{
    public static Command Build()
    {
        var podCidr = new Option<string?>("--pod-cidr") { Description = "The node's pod CIDR(s), comma-separated for dual stack (default: $POD_CIDR)" };
        var flags = new InstallCommandLine();
        var command = new Command(
            "install",
            "Install k8snet on this node: the binary into the CNI bin dir, " + InstallOptions.ConfFileName + " into the conf dir.\n\n" +
            "Copies the running binary into the CNI bin dir and writes " + InstallOptions.ConfFileName + "\n" +
            "into the conf dir. " + InstallCommandLine.Description + "\n" +
            "On a cluster node, `k8snet-agent install` does the same with the pod CIDRs of the node's Node object.\n\n" +
            "Examples:\n  k8snet install --pod-cidr 10.200.0.0/24 --dry-run\n  POD_CIDR=10.200.1.0/24 k8snet install --also-as-host-local\n" +
            "  k8snet install --pod-cidr 10.200.0.0/24,fd00:10:200::/64 --bin-dir /tmp/bin --conf-dir /tmp/net.d");
        command.Options.Add(podCidr);
        flags.AddTo(command);
        command.SetAction(parse => CliSupport.Guard("install", () =>
        {
            var options = flags.Read(
                parse,
                InstallOptions.SplitCidrs(parse.GetValue(podCidr) ?? Environment.GetEnvironmentVariable("POD_CIDR")),
                Environment.ProcessPath ?? throw new InstallException("cannot tell where the running k8snet binary is"));
            return flags.Run(parse, options, "k8snet install");
        }));
        return command;
    }
}
