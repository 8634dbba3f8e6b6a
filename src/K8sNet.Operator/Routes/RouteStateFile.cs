using System.Net;
using System.Text.Json;
using K8sNet.Operator.Install;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Which node each of our routes belongs to, for `k8snet inspect` (a route in the kernel carries no name). Written by
/// every reconcile that changed it, atomically, under /run: routes and this record both vanish at reboot.
/// <c>{"routes":[{"destination":"10.200.1.0/24","gateway":"10.240.0.21","node":"w1"}]}</c>.
/// </summary>
public static class RouteStateFile
{
    public const string DefaultPath = "/run/k8snet/routes.json";

    public static void Write(string path, IReadOnlyList<NodeRoute> routes)
    {
        var content = Render(routes);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return;
        }

        AtomicFile.Write(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>The recorded routes; none when the file is missing or unreadable (inspect then shows no node names).</summary>
    public static IReadOnlyList<NodeRoute> Read(string path)
    {
        var routes = new List<NodeRoute>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("routes", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object
                        && Text(item, "destination") is { } destination && StrictIp.TryParseNetwork(destination, out var cidr, out _)
                        && Text(item, "gateway") is { } gateway && StrictIp.TryParseAddress(gateway, out var via)
                        && Text(item, "node") is { } node)
                    {
                        routes.Add(new NodeRoute(cidr, via, node));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
        }

        return routes;
    }

    internal static byte[] Render(IReadOnlyList<NodeRoute> routes)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("routes");
            foreach (var route in routes)
            {
                w.WriteStartObject();
                w.WriteString("destination", route.Destination.ToString());
                w.WriteString("gateway", route.Gateway.ToString());
                w.WriteString("node", route.Node);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
