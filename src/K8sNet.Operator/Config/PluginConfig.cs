using System.Text.Json;

namespace K8sNet.Operator.Config;

/// <summary>
/// One plugin entry as the runtime would hand it to the plugin: for a conflist member, the member's keys plus the list's
/// <c>name</c> and <c>cniVersion</c> (libcni injects both), so the plugin's own loaders can read these bytes.
/// </summary>
/// <param name="Field">Where it sits in the file, for messages: "" for a single .conf, "plugins[1]" in a conflist.</param>
/// <param name="Type">The member's <c>type</c>; empty when missing or not a string.</param>
public sealed record PluginConfig(string Field, string Type, byte[] Json)
{
    /// <summary>Plugin types K8sNet answers to as the bridge plugin.</summary>
    public static readonly IReadOnlySet<string> K8sNetTypes = new HashSet<string>(StringComparer.Ordinal) { "k8snet", "bridge" };

    public bool IsK8sNet => K8sNetTypes.Contains(Type);

    /// <summary>"plugins[1].ipam" or "ipam": a field name as the operator finds it in the file.</summary>
    public string Qualify(string field) => Field.Length == 0 ? field : field.Length == 0 ? Field : $"{Field}.{field}";

    public JsonElement Root()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }
}
