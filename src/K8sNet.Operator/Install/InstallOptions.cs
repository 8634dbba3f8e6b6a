namespace K8sNet.Operator.Install;

/// <summary>What `k8snet install` was asked to do. Defaults are the standard CNI locations and the seed's network.</summary>
public sealed record InstallOptions
{
    public const string ConfFileName = "10-k8snet.conflist";

    /// <summary>One CIDR per address family, e.g. ["10.200.0.0/24"] or ["10.200.0.0/24", "fd00:10:200::/64"].</summary>
    public required IReadOnlyList<string> PodCidrs { get; init; }

    /// <summary>The binary to install (the running one).</summary>
    public required string SourceBinary { get; init; }

    public string BinDir { get; init; } = "/opt/cni/bin";

    public string ConfDir { get; init; } = "/etc/cni/net.d";

    public string Bridge { get; init; } = "cnio0";

    public bool IpMasq { get; init; } = true;

    public string Name { get; init; } = "bridge";

    public string CniVersion { get; init; } = "1.0.0";

    public bool AlsoAsBridge { get; init; }

    public bool AlsoAsHostLocal { get; init; }

    /// <summary>Also <c>loopback</c> (a symlink to k8snet): containerd runs it for every pod sandbox.</summary>
    public bool Loopback { get; init; } = true;

    public bool Force { get; init; }

    /// <summary>"10.200.0.0/24,fd00::/64" (a comma list, as kubelet's podCIDRs) into its parts.</summary>
    public static IReadOnlyList<string> SplitCidrs(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
