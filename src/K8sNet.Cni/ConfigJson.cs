using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace K8sNet.Cni;

/// <summary>
/// Reads config JSON into typed objects and turns every failure into a CNI error: bytes that are not JSON are
/// code 6 (undecodable), JSON whose values have the wrong type is code 7 naming the field's path.
/// </summary>
public static class ConfigJson
{
    /// <summary>Larger configs are refused before parsing: a real one is a few hundred bytes.</summary>
    public const int MaxConfigBytes = 1 << 20;

    /// <summary>Code 6 unless the bytes are exactly one JSON object in valid UTF-8 (SPEC §1: the config is an object).</summary>
    public static void EnsureWellFormed(ReadOnlySpan<byte> json)
    {
        // The reader checks UTF-8 only when a string is materialised, which would surface later as a misleading
        // "wrong type" code 7 on whichever field held the bad byte.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new CniException(CniErrorCode.DecodingFailure, "failed to decode config from stdin: it is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (reader.Read() && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CniException(
                    CniErrorCode.DecodingFailure, $"failed to decode config from stdin: expected a JSON object, found {reader.TokenType}");
            }

            while (reader.Read())
            {
            }

            if (reader.BytesConsumed == 0)
            {
                throw new CniException(CniErrorCode.DecodingFailure, "failed to decode config from stdin: it is empty");
            }
        }
        catch (JsonException ex)
        {
            throw new CniException(CniErrorCode.DecodingFailure, $"failed to decode config from stdin: {ex.Message}");
        }
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string section)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {section} is null");
        }
        catch (JsonException ex)
        {
            throw Invalid(ex, section);
        }
        catch (InvalidOperationException ex)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {section}: {ex.Message}");
        }
    }

    public static T Deserialize<T>(JsonElement element, JsonTypeInfo<T> typeInfo, string section)
    {
        try
        {
            return element.Deserialize(typeInfo)
                ?? throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {section} is null");
        }
        catch (JsonException ex)
        {
            throw Invalid(ex, section);
        }
        catch (InvalidOperationException ex)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {section}: {ex.Message}");
        }
    }

    /// <summary>"$.ipam.ranges[0]" from the serializer becomes "ipam.ranges[0]", prefixed by the section.</summary>
    private static CniException Invalid(JsonException ex, string section)
    {
        var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : string.Empty;
        var field = section.Length == 0 ? path : path.Length == 0 ? section : $"{section}.{path}";
        if (field.Length == 0)
        {
            field = "(root)";
        }

        var reason = ex.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        return new CniException(CniErrorCode.InvalidConfig, $"invalid config: field \"{field}\" has the wrong type: {reason}");
    }
}
