using System.Text.Json;
using System.Text.Json.Serialization;
using K8sNet.Cni.Results;

namespace K8sNet.Cni.Json;

/// <summary>Source-generated JSON for the protocol types: no reflection, safe under native AOT.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 64)]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(NetConf))]
[JsonSerializable(typeof(CniErrorDocument))]
[JsonSerializable(typeof(VersionDocument))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class CniJsonContext : JsonSerializerContext;
