using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using K8sNet.Agent.Api;
using K8sNet.Agent.Routes;
using K8sNet.Agent.Serving;
using K8sNet.Agent.Watch;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Cli;

/// <summary>k8snet-agent routes: the routes to the other nodes' pod CIDRs, kept current from a watch of the Nodes.</summary>
internal static class RoutesCommand
{
    public const string DefaultListen = "127.0.0.1:9765";

    public static Command Build()
    {
        var kubeconfig = AgentCli.Kubeconfig();
        var nodeName = AgentCli.NodeName();
        var notANode = new Option<bool>("--not-a-node") { Description = "This host is no Node (Kubernetes The Hard Way's `server`): routes to every node's pods" };
        var listen = new Option<string>("--listen") { Description = $"Address:port of /healthz, /readyz and /metrics (default {DefaultListen})", DefaultValueFactory = _ => DefaultListen };
        var claim = new Option<bool>("--claim-pod-cidr") { Description = "Set this Node's EMPTY spec.podCIDR(s) from the local CNI config's subnet (needs patch on nodes); never changes a set one" };
        var confDir = new Option<string>("--conf-dir") { Description = "CNI conf dir whose subnet this Node's pod CIDRs are checked against", DefaultValueFactory = _ => "/etc/cni/net.d" };
        var stateFile = new Option<string>("--state-file") { Description = "Where the route -> node record for `k8snet inspect` is kept", DefaultValueFactory = _ => RouteStateFile.DefaultPath };
        var resync = new Option<int>("--resync") { Description = "Seconds a watch request lasts at least (a random time up to twice that); the routes are reconciled again when it ends", DefaultValueFactory = _ => 300 };
        var command = new Command(
            "routes",
            "Keep this host's routes to every other node's pods current from a watch of the Nodes (long-running).\n\n" +
            "This host's routes to every other node's pod CIDRs (spec.podCIDRs) via that node's InternalIP, with route protocol\n" +
            $"{OwnRoutes.Protocol}, as `k8snet routes sync` makes them, kept current: list the Nodes (from the API server's watch cache),\n" +
            "reconcile, then watch them and reconcile on every change of a node's pod CIDRs or InternalIP (status heartbeats\n" +
            "change nothing) and whenever a watch request ends. A dropped watch resumes from its last resourceVersion; only a 410\n" +
            "lists again; retries are jittered. A refused connection (TLS, 401, 403) before the first sync ends it (exit 1, one\n" +
            "line saying why); afterwards it is retried. SIGTERM/SIGINT: exit 0 within moments, routes left in place.\n" +
            "Needs get/list/watch on nodes (and patch with --claim-pod-cidr).\n\n" +
            "Examples:\n  k8snet-agent routes\n  k8snet-agent routes --kubeconfig /var/lib/kube-proxy/kubeconfig --claim-pod-cidr\n" +
            "  k8snet-agent routes --kubeconfig /root/admin.kubeconfig --not-a-node");
        foreach (var option in new Option[] { kubeconfig, nodeName, notANode, listen, claim, confDir, stateFile, resync })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, _) => AgentCli.Guard("routes", async () =>
        {
            if (parse.GetValue(notANode) && parse.GetResult(nodeName) is { Implicit: false })
            {
                throw new ApiException("--node-name and --not-a-node exclude each other");
            }

            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint) || endpoint.Port == 0)
            {
                throw new ApiException($"--listen {parse.GetValue(listen)}: expected ADDRESS:PORT, e.g. {DefaultListen}");
            }

            if (parse.GetValue(resync) < 1)
            {
                throw new ApiException("--resync must be at least 1 second");
            }

            var options = new RouteLoopOptions(parse.GetValue(notANode) ? null : parse.GetValue(nodeName), parse.GetValue(notANode), parse.GetValue(stateFile)!);
            return await Run(ApiSource.Load(parse.GetValue(kubeconfig)), endpoint, options, parse.GetValue(claim), parse.GetValue(confDir)!, TimeSpan.FromSeconds(parse.GetValue(resync))).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> Run(ApiSource source, IPEndPoint endpoint, RouteLoopOptions options, bool claim, string confDir, TimeSpan resync)
    {
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var api = new ApiClient(source);
        var metrics = new AgentMetrics();
        using var health = new HealthServer(endpoint, metrics);
        health.Start();
        var serving = health.RunAsync(stop.Token);
        using var netlink = RouteNetlink.Open();
        var podCidrs = new PodCidrCheck(api, confDir, claim, Log, metrics.PodCidrMismatch);
        var loop = new RouteLoop(new RouteReconciler(netlink), options, podCidrs, metrics, Log, () => SystemdNotify.Send("READY=1"));
        Log($"watching nodes at {api.Server} ({source.Description}); route protocol {OwnRoutes.Protocol}; health and metrics on http://{health.Endpoint}");
        try
        {
            await new NodeWatcher(api, loop, metrics, Backoff.Default, resync, Log).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException or ApiException)
        {
            // SIGTERM cut a request or a read: that is the stop asked for, whatever shape the cut took.
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        Log("stopped; routes left in place");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            SystemdNotify.Send("STOPPING=1");
            stop.Cancel();
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"k8snet-agent routes: {message}");
}
