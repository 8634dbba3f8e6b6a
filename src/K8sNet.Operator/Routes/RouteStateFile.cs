using System.Net;
using System.Text.Json;
using K8sNet.Operator.Install;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Which node each of our routes belongs to, for `k8snet inspect` (a route in the kernel carries no name). Written by
/// every reconcile that changed it, atomically, under /run: routes and this record both vanish at reboot.
/// <c>{"routes":[{"destination":"10.200.1.0/24","gateway":"10.240.0.21","node":"w1"}]}</c>; k8snet-agent adds
/// <c>"podCidrMismatch":{"node":…,"nodePodCIDRs":[…],"configSubnets":[…],"config":…}</c> while this Node's pod CIDRs
/// and the local CNI config disagree, so `k8snet inspect` (which has no API access) reports it.
/// </summary>
public static class RouteStateFile
{
    public const string DefaultPath = "/run/k8snet/routes.json";

    public static void Write(string path, IReadOnlyList<NodeRoute> routes, PodCidrMismatch? mismatch = null)
    {
        var content = Render(routes, mismatch);
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

    /// <summary>The disagreement the agent recorded; null when there is none (or no readable file).</summary>
    public static PodCidrMismatch? ReadMismatch(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("podCidrMismatch", out var m) || m.ValueKind != JsonValueKind.Object
                || Text(m, "node") is not { } node || Text(m, "config") is not { } config)
            {
                return null;
            }

            return new PodCidrMismatch(node, Texts(m, "nodePodCIDRs"), Texts(m, "configSubnets"), config);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    internal static byte[] Render(IReadOnlyList<NodeRoute> routes, PodCidrMismatch? mismatch = null)
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
            if (mismatch is not null)
            {
                w.WriteStartObject("podCidrMismatch");
                w.WriteString("node", mismatch.Node);
                WriteTexts(w, "nodePodCIDRs", mismatch.NodeCidrs);
                WriteTexts(w, "configSubnets", mismatch.ConfigSubnets);
                w.WriteString("config", mismatch.ConfigPath);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteTexts(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static List<string> Texts(JsonElement item, string name) =>
        item.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>This Node's spec.podCIDRs and the subnets of the node's CNI config differ (the agent found it).</summary>
public sealed record PodCidrMismatch(string Node, IReadOnlyList<string> NodeCidrs, IReadOnlyList<string> ConfigSubnets, string ConfigPath)
{
    public override string ToString() =>
        $"node {Node}: spec.podCIDRs [{string.Join(", ", NodeCidrs)}] differ from the subnet(s) [{string.Join(", ", ConfigSubnets)}] of {ConfigPath}: " +
        "pods get addresses the other nodes do not route here";
}
