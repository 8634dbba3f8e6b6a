using System.Text.Json;
using K8sNet.Operator.Routes;

namespace K8sNet.Operator.Rendering;

/// <summary>inspect's "node routes" section: the routes `k8snet routes` made to the other nodes' pods, with their node.</summary>
public static class NodeRoutesRenderer
{
    public static string Table(IReadOnlyList<NodeRouteRow> rows)
    {
        var title = $"\nnode routes (proto {OwnRoutes.Protocol}, made by k8snet routes sync/watch)";
        if (rows.Count == 0)
        {
            return $"{title}: none\n";
        }

        var lines = new List<IReadOnlyList<string>>();
        foreach (var row in rows)
        {
            lines.Add([row.Route.Destination.ToString(), row.Route.Gateway?.ToString() ?? "-", row.Device ?? "-", row.Node ?? "? (not in the last sync's record)"]);
        }

        return $"{title}\n{TextTable.Render(["DESTINATION", "VIA", "DEV", "NODE"], lines)}";
    }

    public static void Json(Utf8JsonWriter w, IReadOnlyList<NodeRouteRow> rows)
    {
        w.WriteStartArray("nodeRoutes");
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("destination", row.Route.Destination.ToString());
            w.WriteString("gateway", row.Route.Gateway?.ToString());
            w.WriteString("device", row.Device);
            w.WriteString("node", row.Node);
            w.WriteNumber("protocol", row.Route.Protocol);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
