namespace K8sNet.Cni.Results;

/// <summary>
/// An ADD result, held in the richest shape (spec 1.1.0). <see cref="ResultConverter"/> shapes it for the version a
/// config asks for; the same type also reads any version's prevResult.
/// </summary>
public sealed class CniResult
{
    public string? CniVersion { get; set; }

    public List<CniInterface>? Interfaces { get; set; }

    public List<CniIpConfig>? Ips { get; set; }

    public List<CniRoute>? Routes { get; set; }

    /// <summary>Always written, as <c>{}</c> when empty, like the reference plugins.</summary>
    public CniDns Dns { get; set; } = new();
}

public sealed class CniInterface
{
    public string Name { get; set; } = string.Empty;

    public string? Mac { get; set; }

    /// <summary>1.1.0 only.</summary>
    public int? Mtu { get; set; }

    public string? Sandbox { get; set; }

    /// <summary>1.1.0 only.</summary>
    public string? SocketPath { get; set; }

    /// <summary>1.1.0 only.</summary>
    public string? PciId { get; set; }
}

public sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only written for 0.3.x/0.4.0.</summary>
    public string? Version { get; set; }

    public int? Interface { get; set; }

    /// <summary>CIDR notation: the address with its subnet's prefix, e.g. 10.200.0.2/24.</summary>
    public string Address { get; set; } = string.Empty;

    public string? Gateway { get; set; }
}

public sealed class CniRoute
{
    public string Dst { get; set; } = string.Empty;

    public string? Gw { get; set; }

    public int? Mtu { get; set; }

    public int? AdvMss { get; set; }

    public int? Priority { get; set; }

    public int? Table { get; set; }

    public int? Scope { get; set; }
}

public sealed class CniDns
{
    public List<string>? Nameservers { get; set; }

    public string? Domain { get; set; }

    public List<string>? Search { get; set; }

    public List<string>? Options { get; set; }

    public bool IsEmpty => Nameservers is not { Count: > 0 } && string.IsNullOrEmpty(Domain)
        && Search is not { Count: > 0 } && Options is not { Count: > 0 };
}
