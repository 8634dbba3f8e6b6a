using System.Text.Json;

namespace K8sNet.Cni;

/// <summary>
/// The keys every plugin config shares (SPEC §1). Plugin-specific keys are read by each plugin from the same bytes;
/// runtime-generated parts stay as JSON so they pass through untouched. Unknown keys are tolerated.
/// </summary>
public sealed class NetConf
{
    /// <summary>The whole config object, for the plugin's own keys (read from the same parse).</summary>
    public JsonElement Root { get; set; }

    public string? CniVersion { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public JsonElement? Ipam { get; set; }

    public Results.CniDns? Dns { get; set; }

    public JsonElement? PrevResult { get; set; }

    public JsonElement? RuntimeConfig { get; set; }

    public JsonElement? Args { get; set; }

    /// <summary>K8sNet's log destination: a file path, or "stderr".</summary>
    public string? LogFile { get; set; }

    /// <summary>K8sNet's log level: trace, debug, information, warning, error.</summary>
    public string? LogLevel { get; set; }

    /// <summary>GC's list of attachments to keep (1.1.0).</summary>
    public List<GcAttachment>? ValidAttachments { get; set; }

    /// <summary>The spelling of the v1.1.0 spec tag; libcni sends both.</summary>
    public List<GcAttachment>? LegacyAttachments { get; set; }
}

public sealed class GcAttachment
{
    public string ContainerId { get; set; } = string.Empty;

    public string IfName { get; set; } = string.Empty;
}
