using System.Text.Json;

namespace K8sNet.Cni.Json;

/// <summary>
/// One JSON object of a config, read field by field with the field's full path at hand, so a value of the wrong
/// type becomes code 7 naming exactly that field ("ipam.ranges[0][1].subnet").
/// </summary>
/// <remarks>
/// Why not the source-generated serializer: on first use it builds and configures a type description per class,
/// with attribute reflection over metadata, which cost about 1.4 ms of every 8 ms plugin run (perf, issue 7). A
/// plugin process reads each config once, so that set-up is never amortised. The rules are the serializer's ones
/// the configs relied on: names are case-sensitive, a repeated key's last value wins, unknown keys are ignored,
/// numbers are never read from strings, and JSON null means "absent" for anything that may be absent.
/// </remarks>
public readonly struct JsonFields
{
    private readonly JsonElement _object;

    private JsonFields(JsonElement element, string path)
    {
        _object = element;
        Path = path;
    }

    /// <summary>Where this object sits in the config: "" for the top level, "ipam", "prevResult.ips[0]", ...</summary>
    public string Path { get; }

    /// <summary>The object itself, for code that passes a whole section on untouched.</summary>
    public JsonElement Element => _object;

    /// <summary>Reads <paramref name="element"/> as an object; anything else is code 7 naming <paramref name="path"/>.</summary>
    public static JsonFields Of(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? new JsonFields(element, path) : throw WrongType(path, "an object", element.ValueKind);

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public string? String(string name) =>
        Value(name) is { } value ? StringValue(value, FieldPath(name)) : null;

    /// <summary>Absent is false; null is refused, as a non-optional switch has no null.</summary>
    public bool Bool(string name)
    {
        if (!_object.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(FieldPath(name), "a boolean", value.ValueKind),
        };
    }

    public bool? NullableBool(string name) =>
        Value(name) is not { } value ? null : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(FieldPath(name), "a boolean", value.ValueKind),
        };

    /// <summary>Absent is 0; null is refused.</summary>
    public int Int32(string name) =>
        _object.TryGetProperty(name, out var value) ? Int32Value(value, FieldPath(name)) : 0;

    public int? NullableInt32(string name) =>
        Value(name) is { } value ? Int32Value(value, FieldPath(name)) : null;

    /// <summary>The raw value for a section read later or passed on; absent and null are both null.</summary>
    public JsonElement? Raw(string name) => Value(name);

    public JsonFields? Object(string name) =>
        Value(name) is { } value ? Of(value, FieldPath(name)) : null;

    /// <summary>An array read element by element; the reader gets each element and its path ("routes[2]").</summary>
    public List<T>? List<T>(string name, Func<JsonElement, string, T> read) =>
        Value(name) is { } value ? ListValue(value, FieldPath(name), read) : null;

    /// <summary>An array of strings; a null or non-string element is refused.</summary>
    public List<string>? Strings(string name) => List(name, StringElement);

    public static List<T> ListValue<T>(JsonElement value, string path, Func<JsonElement, string, T> read)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, "an array", value.ValueKind);
        }

        var list = new List<T>(value.GetArrayLength());
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            list.Add(read(element, $"{path}[{index.ToString()}]"));
            index++;
        }

        return list;
    }

    public static string StringElement(JsonElement value, string path) =>
        StringValue(value, path) ?? throw WrongType(path, "a string", value.ValueKind);

    public static CniException WrongType(string path, string expected, JsonValueKind found) =>
        new(CniErrorCode.InvalidConfig, $"invalid config: field \"{(path.Length == 0 ? "(root)" : path)}\" has the wrong type: expected {expected}, found {Describe(found)}");

    private JsonElement? Value(string name) =>
        _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? StringValue(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongType(path, "a string", value.ValueKind),
    };

    private static int Int32Value(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(path, "an integer", value.ValueKind);
        }

        return value.TryGetInt32(out var number)
            ? number
            : throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: field \"{path}\" has the wrong type: {value.GetRawText()} is not a 32-bit integer");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
