using System.Text.Json.Serialization;

namespace K8sNet.Cni.Json;

/// <summary>The error object of SPEC §5 "Error".</summary>
public sealed class CniErrorDocument
{
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = string.Empty;

    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("msg")]
    public string Msg { get; set; } = string.Empty;

    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Details { get; set; } = string.Empty;
}

/// <summary>The answer to VERSION (SPEC §5 "VERSION Success").</summary>
public sealed class VersionDocument
{
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = string.Empty;

    [JsonPropertyName("supportedVersions")]
    public string[] SupportedVersions { get; set; } = [];
}
