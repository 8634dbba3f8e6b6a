using System.Text.Json;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Install;

namespace K8sNet.Operator.Rendering;

/// <summary>inspect's "binaries" section: the CNI bin dir's plugins and which of them are k8snet.</summary>
public static class BinariesRenderer
{
    public static string Table(string binDir, IReadOnlyList<BinaryRow>? rows)
    {
        var title = $"\nbinaries in {binDir}";
        if (rows is null)
        {
            return $"{title}: directory not found\n";
        }

        if (rows.Count == 0)
        {
            return $"{title}: none\n";
        }

        var lines = new List<IReadOnlyList<string>>();
        foreach (var row in rows)
        {
            lines.Add([row.Name, Owner(row.Owner), row.SymlinkTo is { } to ? "symlink to " + to : "file"]);
        }

        return $"{title}\n{TextTable.Render(["NAME", "K8SNET", "FORM"], lines)}";
    }

    public static void Json(Utf8JsonWriter w, string binDir, IReadOnlyList<BinaryRow>? rows)
    {
        w.WriteStartObject("binaries");
        w.WriteString("dir", binDir);
        w.WriteBoolean("exists", rows is not null);
        w.WriteStartArray("entries");
        foreach (var row in rows ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", row.Name);
            w.WriteBoolean("k8snet", row.Owner != BinaryOwner.Foreign);
            w.WriteBoolean("sameBuild", row.Owner == BinaryOwner.ThisBuild);
            w.WriteString("symlinkTo", row.SymlinkTo);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Owner(BinaryOwner owner) => owner switch
    {
        BinaryOwner.ThisBuild => "yes (this build)",
        BinaryOwner.OtherBuild => "yes (another build)",
        _ => "no",
    };
}
