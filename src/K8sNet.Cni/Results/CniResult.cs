using System.Text.Json.Serialization;

namespace K8sNet.Cni.Results;

/// <summary>
/// An ADD result, held in the richest shape (spec 1.1.0). <see cref="ResultConverter"/> shapes it for the version a
/// config asks for; the same type also reads any version's prevResult.
/// </summary>
public sealed class CniResult
{
    [JsonPropertyName("cniVersion")]
    [JsonPropertyOrder(0)]
    public string? CniVersion { get; set; }

    [JsonPropertyName("interfaces")]
    [JsonPropertyOrder(1)]
    public List<CniInterface>? Interfaces { get; set; }

    [JsonPropertyName("ips")]
    [JsonPropertyOrder(2)]
    public List<CniIpConfig>? Ips { get; set; }

    [JsonPropertyName("routes")]
    [JsonPropertyOrder(3)]
    public List<CniRoute>? Routes { get; set; }

    /// <summary>Always written, as <c>{}</c> when empty, like the reference plugins.</summary>
    [JsonPropertyName("dns")]
    [JsonPropertyOrder(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CniDns Dns { get; set; } = new();
}

public sealed class CniInterface
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    /// <summary>1.1.0 only.</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("sandbox")]
    public string? Sandbox { get; set; }

    /// <summary>1.1.0 only.</summary>
    [JsonPropertyName("socketPath")]
    public string? SocketPath { get; set; }

    /// <summary>1.1.0 only.</summary>
    [JsonPropertyName("pciID")]
    public string? PciId { get; set; }
}

public sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only written for 0.3.x/0.4.0.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("interface")]
    public int? Interface { get; set; }

    /// <summary>CIDR notation: the address with its subnet's prefix, e.g. 10.200.0.2/24.</summary>
    [JsonPropertyName("address")]
    public string Address { get; set; } = string.Empty;

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}

public sealed class CniRoute
{
    [JsonPropertyName("dst")]
    public string Dst { get; set; } = string.Empty;

    [JsonPropertyName("gw")]
    public string? Gw { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("advmss")]
    public int? AdvMss { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    [JsonPropertyName("table")]
    public int? Table { get; set; }

    [JsonPropertyName("scope")]
    public int? Scope { get; set; }
}

public sealed class CniDns
{
    [JsonPropertyName("nameservers")]
    public List<string>? Nameservers { get; set; }

    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    [JsonPropertyName("search")]
    public List<string>? Search { get; set; }

    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Nameservers is not { Count: > 0 } && string.IsNullOrEmpty(Domain)
        && Search is not { Count: > 0 } && Options is not { Count: > 0 };
}
