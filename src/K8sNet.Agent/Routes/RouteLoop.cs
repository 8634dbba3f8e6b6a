using System.Net.Sockets;
using K8sNet.Agent.Serving;
using K8sNet.Agent.Watch;
using K8sNet.Linux;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Routes;

/// <summary>
/// The watch's sink: one reconcile of this host's routes per call (the shared <see cref="RouteReconciler"/>, as
/// `k8snet routes sync` does), the state file for `k8snet inspect`, the metrics, readiness, and the check of this
/// Node's pod CIDRs against the local CNI config (<see cref="PodCidrCheck"/>). A failed reconcile changes nothing
/// and is retried at the next change or resync; the routes in the kernel stay as they are.
/// </summary>
public sealed class RouteLoop(RouteReconciler reconciler, RouteLoopOptions options, PodCidrCheck? podCidrs, AgentMetrics metrics, Action<string> log, Action ready) : INodeSink
{
    private string _lastSkipped = string.Empty;
    private string? _self = options.NodeName;
    private bool _synced;

    public bool EverSynced => _synced;

    public async Task ChangedAsync(IReadOnlyList<KubeNode> nodes, string why, CancellationToken cancel)
    {
        ReconcileResult result;
        try
        {
            result = reconciler.Reconcile(nodes, _self, dryRun: false, options.NotANode);
        }
        catch (Exception ex) when (ex is NodeListException or ErrnoException)
        {
            metrics.Failure();
            log($"reconcile ({why}) not done, routes left as they are: {ex.Message}");
            return;
        }

        _self ??= result.Self; // found by its InternalIP once: a later address change does not make it another node
        var skipped = string.Join('\n', result.Plan.Skipped);
        if (result.Plan.Actions.Count > 0 || skipped != _lastSkipped || why == "list" || result.Errors.Count > 0)
        {
            Console.Out.WriteLine($"reconcile ({why}):");
            ReconcileReport.Write(result, Console.Out, Console.Error, verbose: false);
            Console.Out.Flush();
        }

        _lastSkipped = skipped;
        var mismatch = podCidrs is null || options.NotANode ? null : await podCidrs.CheckAsync(nodes, result.Self, cancel).ConfigureAwait(false);
        try
        {
            RouteStateFile.Write(options.StateFile, result.Installed, mismatch);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log($"state file {options.StateFile} not written: {ex.Message}");
        }

        metrics.Reconciled(
            result.Errors.Count == 0,
            result.Installed.Count(r => r.Destination.BaseAddress.AddressFamily == AddressFamily.InterNetwork),
            result.Installed.Count(r => r.Destination.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6),
            result.Plan.Skipped.Count);
        if (result.Errors.Count == 0 && !_synced)
        {
            _synced = true;
            ready();
        }
    }
}

/// <param name="NodeName">--node-name (or $NODE_NAME); null: the node whose InternalIP is an address of this host.</param>
/// <param name="NotANode">--not-a-node: routes to every node, none of them this host.</param>
public sealed record RouteLoopOptions(string? NodeName, bool NotANode, string StateFile);
