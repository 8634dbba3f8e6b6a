using System.Text.Json.Serialization;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Plugin-specific keys, read the way a real plugin reads its own section of stdin.</summary>
public sealed class FakeBridgeConfig
{
    [JsonPropertyName("bridge")]
    public string? Bridge { get; set; }

    [JsonPropertyName("isGateway")]
    public bool IsGateway { get; set; }

    [JsonPropertyName("ipMasq")]
    public bool IpMasq { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(FakeBridgeConfig))]
public sealed partial class FakeBridgeJsonContext : JsonSerializerContext;
