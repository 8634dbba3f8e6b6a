using System.Text.Json;
using K8sNet.Agent.Api;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Watch;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One line of a Node watch (<c>{"type":"MODIFIED","object":{…Node…}}</c>). ADDED/MODIFIED carry the node (null when
/// it has <see cref="Problems"/>), DELETED its name, BOOKMARK only a resourceVersion, ERROR a Status whose
/// <see cref="ErrorCode"/> 410 means the resourceVersion is too old and the client must list again.
/// </summary>
public sealed record NodeWatchEvent(
    WatchEventType Type,
    string? Name,
    string? ResourceVersion,
    KubeNode? Node,
    IReadOnlyList<NodeProblem> Problems,
    int? ErrorCode = null,
    string? ErrorMessage = null)
{
    /// <summary>Parses one event; a line that is not an event at all is a <see cref="WatchStreamException"/> (the stream is broken).</summary>
    public static NodeWatchEvent Parse(ReadOnlyMemory<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new WatchStreamException($"watch: a line that is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
            {
                throw new WatchStreamException("watch: a line that is not an event ({\"type\":…,\"object\":{…}})");
            }

            var kind = type.GetString() switch
            {
                "ADDED" => WatchEventType.Added,
                "MODIFIED" => WatchEventType.Modified,
                "DELETED" => WatchEventType.Deleted,
                "BOOKMARK" => WatchEventType.Bookmark,
                "ERROR" => WatchEventType.Error,
                var other => throw new WatchStreamException($"watch: unknown event type \"{other}\""),
            };
            if (kind == WatchEventType.Error)
            {
                var code = obj.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : (int?)null;
                var message = obj.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return new NodeWatchEvent(kind, null, null, null, [], code, message);
            }

            var version = NodeListJson.ResourceVersion(obj);
            var name = obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null;
            if (kind is WatchEventType.Bookmark or WatchEventType.Deleted)
            {
                return new NodeWatchEvent(kind, name, version, null, []);
            }

            var problems = new List<NodeProblem>();
            var node = NodeJson.Read(obj, name ?? "(watch event)", problems);
            return new NodeWatchEvent(kind, name, version, node, problems);
        }
    }
}
