using System.Text.Json;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Watch;

/// <summary>
/// Reads a NodeList from the response stream one <c>items[]</c> element at a time, so memory holds one Node's JSON
/// (~11 KB at a busy node) plus what the agent keeps of each, not the whole list (55.6 MB at 5,000 Nodes) and its
/// parsed document: docs/agent-scale.md measured the whole-list read at 224 MiB peak RSS. Each item is parsed by
/// <see cref="NodeJson.Read"/> exactly as <see cref="NodeListJson.Parse"/> parses it; the same shape checks apply.
/// </summary>
public static class NodeListStream
{
    /// <summary>The largest single value (a list item) read: well above etcd's 1.5 MiB object limit.</summary>
    public const int MaxItemBytes = 8 * 1024 * 1024;

    public static async Task<NodeList> ReadAsync(Stream stream, CancellationToken cancel)
    {
        var reader = new Reader();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var final = false;
        while (!final)
        {
            if (filled == buffer.Length)
            {
                // One item larger than the window. etcd stores no object above 1.5 MiB: a bigger "Node" is no Node.
                if (buffer.Length >= MaxItemBytes)
                {
                    throw new NodeListException($"an item of the list is larger than {MaxItemBytes / (1024 * 1024)} MiB: not a Node");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancel).ConfigureAwait(false);
            final = read == 0;
            filled += read;
            var consumed = reader.Feed(buffer.AsSpan(0, filled), final);
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }

        return reader.Result();
    }

    private sealed class Reader
    {
        private readonly List<KubeNode> _nodes = [];
        private readonly List<NodeProblem> _problems = [];
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
        private string? _property; // the root's property being read
        private string? _resourceVersion;
        private bool _sawItems;
        private bool _done;
        private int _index;

        /// <summary>Reads every complete token of <paramref name="data"/>; returns how many bytes were used.</summary>
        public int Feed(ReadOnlySpan<byte> data, bool final)
        {
            var json = new Utf8JsonReader(data, final, _state);
            long used = 0;
            try
            {
                while (!_done)
                {
                    var before = json.CurrentState;
                    var at = json.BytesConsumed;
                    if (!json.Read())
                    {
                        break;
                    }

                    if (!Token(ref json, data))
                    {
                        _state = before; // a value not yet complete in the window: read it again with more data
                        return (int)at;
                    }

                    used = json.BytesConsumed;
                }
            }
            catch (JsonException ex)
            {
                throw new NodeListException($"not JSON: {ex.Message}");
            }

            if (final && !_done)
            {
                throw new NodeListException("not JSON: the list ends early");
            }

            _state = json.CurrentState;
            return (int)used;
        }

        public NodeList Result() => _sawItems
            ? new NodeList(_nodes, _problems, _resourceVersion)
            : throw new NodeListException("no \"items\" array: expected the output of `kubectl get nodes -o json`");

        /// <summary>False when the token starts a value that is not complete in the window yet.</summary>
        private bool Token(ref Utf8JsonReader json, ReadOnlySpan<byte> data)
        {
            switch (json.CurrentDepth, json.TokenType)
            {
                case (0, JsonTokenType.StartObject):
                    return true;
                case (0, JsonTokenType.EndObject):
                    _done = true;
                    return true;
                case (0, _):
                    throw new NodeListException($"expected a NodeList object, found {json.TokenType}");
                case (1, JsonTokenType.PropertyName):
                    _property = json.GetString();
                    return true;
                case (1, JsonTokenType.StartArray) when _property == "items":
                    _sawItems = true;
                    return true;
                case (1, JsonTokenType.EndArray) when _property == "items":
                    return true;
                case (1, JsonTokenType.String) when _property == "kind":
                    return json.GetString() is "NodeList" or "List" ? true
                        : throw new NodeListException($"kind is \"{json.GetString()}\", expected \"NodeList\" (or kubectl's \"List\")");
                case (1, JsonTokenType.Null) when _property == "items":
                    _sawItems = true;
                    return true;
                case (1, _) when _property == "items":
                    throw new NodeListException("no \"items\" array: expected the output of `kubectl get nodes -o json`");
                case (1, JsonTokenType.StartObject) when _property == "metadata":
                    return Value(ref json, data, metadata => _resourceVersion =
                        metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null);
                case (1, JsonTokenType.StartObject or JsonTokenType.StartArray):
                    return json.TrySkip();
                case (1, _):
                    return true;
                case (2, _) when _property == "items":
                    return Value(ref json, data, item =>
                    {
                        if (NodeJson.Read(item, $"items[{_index}]", _problems) is { } node)
                        {
                            _nodes.Add(node);
                        }

                        _index++;
                    });
                default:
                    return true;
            }
        }

        /// <summary>Parses the value that starts at the current token (an object or array) as one small document.</summary>
        private static bool Value(ref Utf8JsonReader json, ReadOnlySpan<byte> data, Action<JsonElement> use)
        {
            var start = (int)json.TokenStartIndex;
            if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !json.TrySkip())
            {
                return false;
            }

            using var document = JsonDocument.Parse(data[start..(int)json.BytesConsumed].ToArray());
            use(document.RootElement);
            return true;
        }
    }
}
