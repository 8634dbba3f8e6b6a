using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Operator.Routes;

/// <summary>Which node of the list is this host: named by --node-name, else the one whose InternalIP is ours.</summary>
public static class SelfNode
{
    /// <summary>The node's name; <see cref="NodeListException"/> when it cannot be told or is not in the list.</summary>
    public static string Find(IReadOnlyList<KubeNode> nodes, string? nodeName, IReadOnlyList<InterfaceAddress> addresses)
    {
        if (!string.IsNullOrEmpty(nodeName))
        {
            foreach (var node in nodes)
            {
                if (node.Name == nodeName)
                {
                    return nodeName;
                }
            }

            throw new NodeListException($"--node-name {nodeName}: no node of that name in the list ({Names(nodes)})");
        }

        var matches = new List<string>();
        foreach (var node in nodes)
        {
            foreach (var ip in node.InternalIps)
            {
                if (addresses.Any(a => a.Address.Equals(ip)) && !matches.Contains(node.Name))
                {
                    matches.Add(node.Name);
                }
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new NodeListException($"no node's InternalIP is an address of this host; pass --node-name (nodes: {Names(nodes)})"),
            _ => throw new NodeListException($"the InternalIPs of several nodes are addresses of this host ({string.Join(", ", matches)}); pass --node-name"),
        };
    }

    private static string Names(IReadOnlyList<KubeNode> nodes) =>
        nodes.Count == 0 ? "the list is empty" : string.Join(", ", nodes.Select(n => n.Name));
}
