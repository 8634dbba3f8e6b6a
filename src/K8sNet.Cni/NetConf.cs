using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNet.Cni;

/// <summary>
/// The keys every plugin config shares (SPEC §1). Plugin-specific keys are read by each plugin from the same bytes;
/// runtime-generated parts stay as JSON so they pass through untouched. Unknown keys are tolerated.
/// </summary>
public sealed class NetConf
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("ipam")]
    public JsonElement? Ipam { get; set; }

    [JsonPropertyName("dns")]
    public Results.CniDns? Dns { get; set; }

    [JsonPropertyName("prevResult")]
    public JsonElement? PrevResult { get; set; }

    [JsonPropertyName("runtimeConfig")]
    public JsonElement? RuntimeConfig { get; set; }

    [JsonPropertyName("args")]
    public JsonElement? Args { get; set; }

    /// <summary>K8sNet's log destination: a file path, or "stderr".</summary>
    [JsonPropertyName("logFile")]
    public string? LogFile { get; set; }

    /// <summary>K8sNet's log level: trace, debug, information, warning, error.</summary>
    [JsonPropertyName("logLevel")]
    public string? LogLevel { get; set; }

    /// <summary>GC's list of attachments to keep (1.1.0).</summary>
    [JsonPropertyName("cni.dev/valid-attachments")]
    public List<GcAttachment>? ValidAttachments { get; set; }

    /// <summary>The spelling of the v1.1.0 spec tag; libcni sends both.</summary>
    [JsonPropertyName("cni.dev/attachments")]
    public List<GcAttachment>? LegacyAttachments { get; set; }
}

public sealed class GcAttachment
{
    [JsonPropertyName("containerID")]
    public string ContainerId { get; set; } = string.Empty;

    [JsonPropertyName("ifname")]
    public string IfName { get; set; } = string.Empty;
}
