using System.Text.Json;
using System.Text.Json.Serialization;
using K8sNet.Cni.Results;

namespace K8sNet.Ipam.Config;

/// <summary>The <c>ipam</c> section as written (reference HL config.go <c>IPAMConfig</c>), before validation.</summary>
public sealed class IpamSectionJson
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    // Legacy single range at the top level of the section (the reference's embedded *Range).
    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    [JsonPropertyName("rangeStart")]
    public string? RangeStart { get; set; }

    [JsonPropertyName("rangeEnd")]
    public string? RangeEnd { get; set; }

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }

    [JsonPropertyName("ranges")]
    public List<List<RangeJson>>? Ranges { get; set; }

    [JsonPropertyName("routes")]
    public List<CniRoute>? Routes { get; set; }

    [JsonPropertyName("dataDir")]
    public string? DataDir { get; set; }

    [JsonPropertyName("resolvConf")]
    public string? ResolvConf { get; set; }
}

public sealed class RangeJson
{
    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    [JsonPropertyName("rangeStart")]
    public string? RangeStart { get; set; }

    [JsonPropertyName("rangeEnd")]
    public string? RangeEnd { get; set; }

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}

/// <summary>The runtime-injected capabilities host-local reads (CONVENTIONS.md <c>ipRanges</c>, <c>ips</c>).</summary>
public sealed class RuntimeConfigJson
{
    [JsonPropertyName("ipRanges")]
    public List<List<RangeJson>>? IpRanges { get; set; }

    [JsonPropertyName("ips")]
    public List<string>? Ips { get; set; }
}

/// <summary><c>args.cni.ips</c> (CONVENTIONS.md "args in network config").</summary>
public sealed class ArgsJson
{
    [JsonPropertyName("cni")]
    public ArgsCniJson? Cni { get; set; }
}

public sealed class ArgsCniJson
{
    [JsonPropertyName("ips")]
    public List<string>? Ips { get; set; }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IpamSectionJson))]
[JsonSerializable(typeof(RuntimeConfigJson))]
[JsonSerializable(typeof(ArgsJson))]
public sealed partial class IpamJsonContext : JsonSerializerContext;
