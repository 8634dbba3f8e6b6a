using System.Text.Json;

namespace K8sNet.Cni.Json;

/// <summary>The error object of SPEC §5 "Error".</summary>
public sealed class CniErrorDocument
{
    public string CniVersion { get; set; } = string.Empty;

    public int Code { get; set; }

    public string Msg { get; set; } = string.Empty;

    public string Details { get; set; } = string.Empty;
}

/// <summary>Writes our error objects and reads a delegated plugin's.</summary>
public static class CniErrorJson
{
    /// <summary><c>details</c> is always written, empty when there are none.</summary>
    public static byte[] Write(CniErrorDocument error) =>
        new JsonOut().BeginObject().String("cniVersion", error.CniVersion).Number("code", error.Code)
            .String("msg", error.Msg).String("details", error.Details).EndObject().ToUtf8();

    /// <summary>The error object another plugin printed, or null when its output is not one.</summary>
    public static CniErrorDocument? TryRead(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var fields = JsonFields.Of(document.RootElement, string.Empty);
            return new CniErrorDocument
            {
                CniVersion = fields.String("cniVersion") ?? string.Empty,
                Code = fields.Int32("code"),
                Msg = fields.String("msg") ?? string.Empty,
                Details = fields.String("details") ?? string.Empty,
            };
        }
        catch (Exception ex) when (ex is JsonException or CniException)
        {
            return null;
        }
    }
}
