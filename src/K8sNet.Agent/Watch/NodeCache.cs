using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Watch;

/// <summary>
/// The watch's picture of the cluster's nodes and the resourceVersion it is current to. A node version with a problem
/// never replaces a good one: its last good version stays (or, never seen good, it is left out), so bad input can
/// delay a route but never make a wrong one.
/// </summary>
public sealed class NodeCache
{
    private readonly SortedDictionary<string, KubeNode> _nodes = new(StringComparer.Ordinal);

    public string? ResourceVersion { get; private set; }

    public IReadOnlyList<KubeNode> Nodes => [.. _nodes.Values];

    /// <summary>A fresh list replaces everything but the last good version of nodes that now have problems.</summary>
    public void Replace(NodeList list, Action<string> warn)
    {
        var previous = new Dictionary<string, KubeNode>(_nodes, StringComparer.Ordinal);
        _nodes.Clear();
        foreach (var node in list.Nodes)
        {
            _nodes[node.Name] = node;
        }

        foreach (var problem in list.Problems)
        {
            var kept = previous.TryGetValue(problem.Node, out var old) && _nodes.TryAdd(problem.Node, old);
            warn($"{problem}{(kept ? "; its last good version is kept" : "; the node gets no route")}");
        }

        ResourceVersion = list.ResourceVersion;
    }

    /// <summary>Applies an ADDED/MODIFIED/DELETED/BOOKMARK event; true when the set of nodes changed.</summary>
    public bool Apply(NodeWatchEvent change, Action<string> warn)
    {
        if (change.ResourceVersion is { Length: > 0 } version)
        {
            ResourceVersion = version;
        }

        switch (change.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when change.Node is { } node:
                if (_nodes.TryGetValue(node.Name, out var old) && Same(old, node))
                {
                    return false; // status heartbeats: nothing route-relevant changed
                }

                _nodes[node.Name] = node;
                return true;
            case WatchEventType.Added or WatchEventType.Modified:
                foreach (var problem in change.Problems)
                {
                    warn($"{problem}; {(change.Name is not null && _nodes.ContainsKey(change.Name) ? "its last good version is kept" : "the node gets no route")}");
                }

                return false;
            case WatchEventType.Deleted:
                return change.Name is not null && _nodes.Remove(change.Name);
            default:
                return false;
        }
    }

    private static bool Same(KubeNode a, KubeNode b) =>
        a.InternalIps.SequenceEqual(b.InternalIps) && a.PodCidrs.SequenceEqual(b.PodCidrs);
}
