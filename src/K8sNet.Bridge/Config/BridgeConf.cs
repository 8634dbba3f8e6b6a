using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNet.Bridge.Config;

/// <summary>
/// The bridge plugin's own keys, with the reference plugin's names and defaults (reference-behaviour.md §2.1).
/// Read from the same stdin bytes as the common keys.
/// </summary>
public sealed class BridgeConf
{
    public const string DefaultBridgeName = "cni0";

    [JsonPropertyName("bridge")]
    public string? Bridge { get; set; }

    [JsonPropertyName("isGateway")]
    public bool IsGateway { get; set; }

    [JsonPropertyName("isDefaultGateway")]
    public bool IsDefaultGateway { get; set; }

    [JsonPropertyName("forceAddress")]
    public bool ForceAddress { get; set; }

    [JsonPropertyName("ipMasq")]
    public bool IpMasq { get; set; }

    /// <summary>"iptables" or "nftables"; unset lets K8sNet choose.</summary>
    [JsonPropertyName("ipMasqBackend")]
    public string? IpMasqBackend { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("hairpinMode")]
    public bool HairpinMode { get; set; }

    [JsonPropertyName("promiscMode")]
    public bool PromiscMode { get; set; }

    [JsonPropertyName("vlan")]
    public int Vlan { get; set; }

    [JsonPropertyName("preserveDefaultVlan")]
    public bool? PreserveDefaultVlan { get; set; }

    [JsonPropertyName("enabledad")]
    public bool EnableDad { get; set; }

    [JsonPropertyName("macspoofchk")]
    public bool MacSpoofCheck { get; set; }

    /// <summary>Trunk VLANs on the host port; not supported yet (refused rather than ignored).</summary>
    [JsonPropertyName("vlanTrunk")]
    public System.Text.Json.JsonElement? VlanTrunk { get; set; }

    [JsonPropertyName("disableContainerInterface")]
    public bool DisableContainerInterface { get; set; }

    [JsonPropertyName("portIsolation")]
    public bool PortIsolation { get; set; }

    [JsonPropertyName("runtimeConfig")]
    public BridgeRuntimeConfig? RuntimeConfig { get; set; }

    [JsonPropertyName("args")]
    public BridgeArgs? Args { get; set; }

    [JsonIgnore]
    public string BridgeName => string.IsNullOrEmpty(Bridge) ? DefaultBridgeName : Bridge;

    /// <summary>isDefaultGateway implies isGateway, as in the reference.</summary>
    [JsonIgnore]
    public bool PutsGatewayOnBridge => IsGateway || IsDefaultGateway;
}

public sealed class BridgeRuntimeConfig
{
    [JsonPropertyName("mac")]
    public string? Mac { get; set; }
}

public sealed class BridgeArgs
{
    [JsonPropertyName("cni")]
    public BridgeCniArgs? Cni { get; set; }
}

public sealed class BridgeCniArgs
{
    [JsonPropertyName("mac")]
    public string? Mac { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(BridgeConf))]
internal sealed partial class BridgeJsonContext : JsonSerializerContext;
