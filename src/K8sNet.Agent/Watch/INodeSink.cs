using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Watch;

/// <summary>What the watch feeds: the whole node picture, each time it changed in a way routes care about.</summary>
public interface INodeSink
{
    /// <summary>Reconcile against <paramref name="nodes"/>; <paramref name="why"/> names the trigger ("list", "MODIFIED w1", "resync").</summary>
    Task ChangedAsync(IReadOnlyList<KubeNode> nodes, string why, CancellationToken cancel);

    /// <summary>True once a reconcile succeeded: from then on a refused request is retried instead of ending the agent.</summary>
    bool EverSynced { get; }
}
