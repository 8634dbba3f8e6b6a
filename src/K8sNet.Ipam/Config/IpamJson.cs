using K8sNet.Cni.Results;

namespace K8sNet.Ipam.Config;

/// <summary>The <c>ipam</c> section as written (reference HL config.go <c>IPAMConfig</c>), before validation.</summary>
public sealed class IpamSectionJson
{
    public string? Type { get; set; }

    /// <summary>
    /// The legacy single range written at the top level of the section (the reference's embedded *Range):
    /// subnet, rangeStart, rangeEnd, gateway. Used only when its subnet is set.
    /// </summary>
    public RangeJson Legacy { get; set; } = new();

    public List<List<RangeJson>>? Ranges { get; set; }

    public List<CniRoute>? Routes { get; set; }

    public string? DataDir { get; set; }

    public string? ResolvConf { get; set; }
}

public sealed class RangeJson
{
    public string? Subnet { get; set; }

    public string? RangeStart { get; set; }

    public string? RangeEnd { get; set; }

    public string? Gateway { get; set; }
}

/// <summary>The runtime-injected capabilities host-local reads (CONVENTIONS.md <c>ipRanges</c>, <c>ips</c>).</summary>
public sealed class RuntimeConfigJson
{
    public List<List<RangeJson>>? IpRanges { get; set; }

    public List<string>? Ips { get; set; }
}

/// <summary><c>args.cni.ips</c> (CONVENTIONS.md "args in network config").</summary>
public sealed class ArgsJson
{
    public ArgsCniJson? Cni { get; set; }
}

public sealed class ArgsCniJson
{
    public List<string>? Ips { get; set; }
}
