using System.CommandLine;
using System.Runtime.InteropServices;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Operator.KubeApi;
using K8sNet.Operator.Routes;

namespace K8sNet.Cli;

/// <summary>k8snet routes watch: `routes sync` kept current from the Kubernetes API (list, then watch Nodes).</summary>
internal static class RoutesWatchCommand
{
    public const string DefaultServer = "http://127.0.0.1:18001";

    public static Command Build()
    {
        var server = new Option<string?>("--server") { Description = $"The API as plain HTTP, normally a `kubectl proxy` beside k8snet (default {DefaultServer})" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Take the server of this kubeconfig's current context (it must be http://)" };
        var nodeName = RoutesCommand.NodeName();
        var stateFile = RoutesCommand.StateFile();
        var resync = new Option<int>("--resync") { Description = "Seconds one watch request lasts; the routes are reconciled again when it ends (default 300)", DefaultValueFactory = _ => 300 };
        var maxEvents = new Option<int>("--max-events") { Description = "Exit after this many watch events (default 0: run until SIGTERM)" };
        var command = new Command(
            "watch",
            "Keep the routes current: `routes sync` on every change to the Nodes, until stopped.\n\n" +
            "`routes sync` kept current: list the Nodes, reconcile, then watch them and reconcile on every change to a node's\n" +
            "pod CIDRs or InternalIP, and again whenever a watch request ends (--resync). A 410 Gone lists again; a dropped\n" +
            "watch is retried. HTTPS is not spoken (the binary is static and has no TLS): run `kubectl proxy` beside it, as the\n" +
            "DaemonSet in conf/ does; it does TLS and the service-account token. Needs get/list/watch on nodes.\n" +
            "Stops on SIGTERM/SIGINT (exit 0).\n\n" +
            "Examples:\n  kubectl proxy --address=127.0.0.1 --port=18001 & k8snet routes watch --node-name \"$NODE_NAME\"\n" +
            "  k8snet routes watch --kubeconfig ./proxy.kubeconfig");
        command.Options.Add(server);
        command.Options.Add(kubeconfig);
        command.Options.Add(nodeName);
        command.Options.Add(stateFile);
        command.Options.Add(resync);
        command.Options.Add(maxEvents);
        command.SetAction(parse => CliSupport.Guard("routes watch", () =>
        {
            var url = parse.GetValue(kubeconfig) is { } path
                ? ApiServerUrl.Parse(Kubeconfig.Server(path), $"--kubeconfig {path}")
                : ApiServerUrl.Parse(parse.GetValue(server) ?? DefaultServer, "--server");
            if (parse.GetValue(resync) < 1 || parse.GetValue(maxEvents) < 0)
            {
                throw new KubeApiException("--resync must be at least 1 second and --max-events not negative");
            }

            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var netlink = RouteNetlink.Open();
            var routes = new WatchReconciler(new RouteReconciler(netlink), parse.GetValue(nodeName), parse.GetValue(stateFile)!);
            var options = new WatchOptions(TimeSpan.FromSeconds(parse.GetValue(resync)), parse.GetValue(maxEvents), WatchOptions.Default.MaxBackoff);
            Console.Error.WriteLine($"k8snet routes watch: watching nodes at {url} (route protocol {OwnRoutes.Protocol})");
            var events = new NodeWatcher(url, options, routes.Reconcile, Log).Run(stop.Token);
            Console.Error.WriteLine($"k8snet routes watch: stopped after {events} event(s)");
            return ExitCodes.Ok;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }));
        return command;
    }

    private static void Log(string message) => Console.Error.WriteLine($"k8snet routes watch: {message}");

    /// <summary>One reconcile per call; prints what changed (and what could not be installed, when that changed).</summary>
    private sealed class WatchReconciler(RouteReconciler reconciler, string? nodeName, string stateFile)
    {
        private string _lastSkipped = string.Empty;

        public void Reconcile(IReadOnlyList<KubeNode> nodes, string why)
        {
            try
            {
                var result = reconciler.Reconcile(nodes, nodeName, dryRun: false);
                var skipped = string.Join('\n', result.Plan.Skipped);
                if (result.Plan.Actions.Count > 0 || skipped != _lastSkipped || why == "list")
                {
                    Console.Out.WriteLine($"reconcile ({why}):");
                    ReconcileReport.Write(result, Console.Out, Console.Error, verbose: false);
                    Console.Out.Flush();
                }

                _lastSkipped = skipped;
                RouteStateFile.Write(stateFile, result.Installed);
            }
            catch (Exception ex) when (ex is NodeListException or ErrnoException or IOException or UnauthorizedAccessException)
            {
                Log($"reconcile ({why}) not done: {ex.Message}");
            }
        }
    }
}
