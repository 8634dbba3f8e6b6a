using System.Text.Json;

namespace K8sNet.Operator.Routes;

/// <summary>The nodes of a list, the problems of the nodes that cannot be used, and the list's resourceVersion.</summary>
public sealed record NodeList(IReadOnlyList<KubeNode> Nodes, IReadOnlyList<NodeProblem> Problems, string? ResourceVersion);

/// <summary>
/// Reads <c>kubectl get nodes -o json</c> (kind "List") or the API server's <c>GET /api/v1/nodes</c> (kind
/// "NodeList"): an object with an <c>items</c> array of Node objects. A document of another shape is refused with
/// <see cref="NodeListException"/>; a bad node inside a good list is a <see cref="NodeProblem"/>.
/// </summary>
public static class NodeListJson
{
    public static NodeList Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new NodeListException($"not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new NodeListException($"expected a NodeList object, found {NodeJson.Describe(root)}");
            }

            if (root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
                && kind.GetString() is not ("NodeList" or "List"))
            {
                throw new NodeListException($"kind is \"{kind.GetString()}\", expected \"NodeList\" (or kubectl's \"List\")");
            }

            if (!root.TryGetProperty("items", out var items) || items.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                throw new NodeListException("no \"items\" array: expected the output of `kubectl get nodes -o json`");
            }

            var nodes = new List<KubeNode>();
            var problems = new List<NodeProblem>();
            if (items.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (NodeJson.Read(item, $"items[{index}]", problems) is { } node)
                    {
                        nodes.Add(node);
                    }

                    index++;
                }
            }

            return new NodeList(nodes, problems, ResourceVersion(root));
        }
    }

    public static string? ResourceVersion(JsonElement root) =>
        root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String
            ? version.GetString()
            : null;
}
