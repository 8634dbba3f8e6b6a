namespace K8sNet.Bridge.Config;

/// <summary>
/// The bridge plugin's own keys, with the reference plugin's names and defaults (reference-behaviour.md §2.1).
/// Read from the same stdin bytes as the common keys.
/// </summary>
public sealed class BridgeConf
{
    public const string DefaultBridgeName = "cni0";

    public string? Bridge { get; set; }

    public bool IsGateway { get; set; }

    public bool IsDefaultGateway { get; set; }

    public bool ForceAddress { get; set; }

    public bool IpMasq { get; set; }

    /// <summary>"iptables" or "nftables"; unset lets K8sNet choose.</summary>
    public string? IpMasqBackend { get; set; }

    public int? Mtu { get; set; }

    public bool HairpinMode { get; set; }

    public bool PromiscMode { get; set; }

    public int Vlan { get; set; }

    public bool? PreserveDefaultVlan { get; set; }

    public bool EnableDad { get; set; }

    public bool MacSpoofCheck { get; set; }

    /// <summary>Tagged VLANs on the host port, as written (null when absent).</summary>
    public IReadOnlyList<VlanTrunkEntry>? VlanTrunk { get; set; }

    /// <summary>The trunk's VLANs, checked and merged by <see cref="BridgeConfLoader.Validate"/>.</summary>
    public IReadOnlyList<Linux.Rtnetlink.BridgeVlanRange> TrunkVlans { get; set; } = [];

    public bool DisableContainerInterface { get; set; }

    public bool PortIsolation { get; set; }

    public BridgeRuntimeConfig? RuntimeConfig { get; set; }

    public BridgeArgs? Args { get; set; }

    public string BridgeName => string.IsNullOrEmpty(Bridge) ? DefaultBridgeName : Bridge;

    /// <summary>The reference turns VLAN filtering on for vlan, and for any vlanTrunk key (even an empty list).</summary>
    public bool VlanFiltering => Vlan != 0 || VlanTrunk is not null;

    /// <summary>isGateway with vlan: the gateway address goes on "&lt;bridge&gt;.&lt;vlan&gt;" instead of the bridge.</summary>
    public string? VlanGatewayName => Vlan != 0 && PutsGatewayOnBridge ? $"{BridgeName}.{Vlan}" : null;

    /// <summary>isDefaultGateway implies isGateway, as in the reference.</summary>
    public bool PutsGatewayOnBridge => IsGateway || IsDefaultGateway;
}

public sealed class BridgeRuntimeConfig
{
    public string? Mac { get; set; }
}

public sealed class BridgeArgs
{
    public BridgeCniArgs? Cni { get; set; }
}

public sealed class BridgeCniArgs
{
    public string? Mac { get; set; }
}
