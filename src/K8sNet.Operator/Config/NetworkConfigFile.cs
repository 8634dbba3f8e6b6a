using System.Text.Json;
using K8sNet.Cni;

namespace K8sNet.Operator.Config;

/// <summary>
/// A .conf or .conflist read the way libcni reads it: a .conflist has <c>name</c>, <c>cniVersion</c> and a
/// <c>plugins</c> array; anything else is one plugin config. Structural problems throw <see cref="ConfigFileException"/>
/// naming the field; plugin-level checks are <see cref="ConfigChecker"/>'s job.
/// </summary>
public sealed record NetworkConfigFile(string Path, string? Name, string? CniVersion, bool IsList, IReadOnlyList<PluginConfig> Plugins)
{
    public static NetworkConfigFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException("(file)", $"cannot read {path}: {ex.Message}");
        }

        return Parse(path, bytes);
    }

    public static NetworkConfigFile Parse(string path, byte[] bytes)
    {
        try
        {
            ConfigJson.EnsureWellFormed(bytes);
        }
        catch (CniException ex)
        {
            throw new ConfigFileException("(file)", ex.Message.Replace("config from stdin", "the file", StringComparison.Ordinal));
        }

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var name = StringOrNull(root, "name");
        var version = StringOrNull(root, "cniVersion");
        if (!path.EndsWith(".conflist", StringComparison.Ordinal) && !root.TryGetProperty("plugins", out _))
        {
            return new NetworkConfigFile(path, name, version, IsList: false, [new PluginConfig(string.Empty, StringOrNull(root, "type") ?? string.Empty, bytes)]);
        }

        if (!root.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigFileException("plugins", "a .conflist needs a \"plugins\" array");
        }

        if (plugins.GetArrayLength() == 0)
        {
            throw new ConfigFileException("plugins", "the list is empty: at least one plugin is needed");
        }

        var members = new List<PluginConfig>();
        var index = 0;
        foreach (var member in plugins.EnumerateArray())
        {
            var field = $"plugins[{index++}]";
            if (member.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigFileException(field, $"expected an object, found {member.ValueKind}");
            }

            members.Add(new PluginConfig(field, StringOrNull(member, "type") ?? string.Empty, Merge(member, root)));
        }

        return new NetworkConfigFile(path, name, version, IsList: true, members);
    }

    private static string? StringOrNull(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The member with the list's name and cniVersion put in, as libcni does before executing it.</summary>
    private static byte[] Merge(JsonElement member, JsonElement list)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var key in new[] { "cniVersion", "name" })
            {
                if (list.TryGetProperty(key, out var value))
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
            }

            foreach (var property in member.EnumerateObject())
            {
                if (property.Name is not ("cniVersion" or "name"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
