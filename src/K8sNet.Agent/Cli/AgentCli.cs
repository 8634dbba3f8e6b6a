using System.CommandLine;
using System.Reflection;
using K8sNet.Agent.Api;

namespace K8sNet.Agent.Cli;

/// <summary>The command line: install (one-shot), routes (long-running), version.</summary>
internal static class AgentCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "k8snet-agent: K8sNet's node agent. It talks to the Kubernetes API server (TLS, the official client) so the CNI\n" +
            "plugin k8snet never has to: `install` puts k8snet and its config on the node with this Node's pod CIDRs,\n" +
            "`routes` keeps the routes to every other node's pods current from a watch of the Nodes.\n" +
            "Without --kubeconfig it uses the pod's in-cluster config (service account).\n\n" +
            "Examples:\n  k8snet-agent install --bin-dir /host/opt/cni/bin --conf-dir /host/etc/cni/net.d\n" +
            "  k8snet-agent routes --kubeconfig /var/lib/kube-proxy/kubeconfig\n" +
            "  k8snet-agent routes --kubeconfig admin.kubeconfig --not-a-node");
        root.Subcommands.Add(InstallCommand.Build());
        root.Subcommands.Add(RoutesCommand.Build());
        var version = new Command("version", "Print the version");
        version.SetAction(_ =>
        {
            var info = typeof(AgentCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine($"k8snet-agent {info.Split('+')[0]}");
            return 0;
        });
        root.Subcommands.Add(version);
        // The routes command handles SIGTERM itself (stop the watch, leave the routes): no forced exit by the parser.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    public static Option<string?> Kubeconfig() => new("--kubeconfig")
    {
        Description = "A kubeconfig (its current context: server, CA, client certificate/key, token or exec plugin); default: the in-cluster config",
    };

    public static Option<string?> NodeName() => new("--node-name")
    {
        Description = "This node's Node name (default: $NODE_NAME, else the Node whose InternalIP is an address of this host)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } name ? name : null,
    };

    /// <summary>Runs a command body; a refusal or error is one line on stderr and exit 1, never a stack trace.</summary>
    public static async Task<int> Guard(string command, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ApiException or Operator.Install.InstallException or Operator.Routes.NodeListException
            or Linux.ErrnoException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"k8snet-agent {command}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not foreseen: still one line and exit 1 (a stack trace helps no operator), with the type for a bug report.
            Console.Error.WriteLine($"k8snet-agent {command}: unexpected {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
