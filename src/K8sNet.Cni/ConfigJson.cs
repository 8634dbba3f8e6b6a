using System.Text.Json;

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

    /// <summary>
    /// Parses bytes that <see cref="EnsureWellFormed"/> accepted. The document is deliberately never disposed: its
    /// elements are read until the process exits, milliseconds later, and returning its pooled buffer buys nothing.
    /// </summary>
    public static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(PastSharedBucket(json), new JsonDocumentOptions { MaxDepth = 64 }).RootElement;
        }
        catch (JsonException ex)
        {
            throw new CniException(CniErrorCode.DecodingFailure, $"failed to decode config: {ex.Message}");
        }
    }

    /// <summary>Smallest payload whose row table JsonDocument rents from a bucket above its 512-byte parse stack's.</summary>
    internal const int MinParsedBytes = 501;

    /// <summary>
    /// <paramref name="json"/> with trailing whitespace up to <see cref="MinParsedBytes"/>. JsonDocument rents its row
    /// table (payload + 12 bytes) and its parse stack (512 bytes) from the shared ArrayPool. Up to 500 bytes both come
    /// from the 512-byte bucket, and when the rows outgrow their first array (a short config with many tokens, such as
    /// portmap's with its prevResult) two arrays go back to that bucket: the second return reaches the pool's per-CPU
    /// lists, whose first use runs ProcessorIdCache's class constructor, a timing loop of about 0.3 ms (perf, 2026-12-06).
    /// </summary>
    internal static ReadOnlyMemory<byte> PastSharedBucket(ReadOnlyMemory<byte> json)
    {
        if (json.Length >= MinParsedBytes)
        {
            return json;
        }

        var padded = new byte[MinParsedBytes];
        json.Span.CopyTo(padded);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }
}
