namespace K8sNet.Portmap.Config;

/// <summary>The reference portmap's keys (plugins/meta/portmap PortMapConf), with its defaults, after validation.</summary>
public sealed class PortmapConf
{
    /// <summary>"nftables" (netlink, the default) or "iptables" (the reference's exact layout via iptables-restore).</summary>
    public string Backend { get; set; } = PortmapBackends.Nftables;

    /// <summary>Hairpin and localhost masquerade (and route_localnet when a localhost mapping needs it). Default true.</summary>
    public bool Snat { get; set; } = true;

    /// <summary>Masquerade every source reaching a hostPort, not only hairpin and localhost.</summary>
    public bool MasqAll { get; set; }

    /// <summary>iptables backend: the mark bit of CNI-HOSTPORT-SETMARK (0-31, default 13).</summary>
    public int MarkMasqBit { get; set; } = PortmapConfLoader.DefaultMarkBit;

    /// <summary>iptables backend: a chain of someone else's (KUBE-MARK-MASQ) instead of CNI-HOSTPORT-SETMARK.</summary>
    public string? ExternalSetMarkChain { get; set; }

    public List<string> ConditionsV4 { get; set; } = [];

    public List<string> ConditionsV6 { get; set; } = [];

    public List<PortMapping> Mappings { get; set; } = [];
}

public static class PortmapBackends
{
    public const string Nftables = "nftables";
    public const string Iptables = "iptables";
}
