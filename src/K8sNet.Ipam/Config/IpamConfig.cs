using K8sNet.Cni.Results;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Config;

/// <summary>A validated host-local configuration for one invocation.</summary>
/// <param name="RangeSets">Runtime ipRanges first, then the legacy top-level range, then <c>ranges</c>.</param>
/// <param name="RequestedIps">Addresses asked for via args.cni.ips (or else CNI_ARGS IP=) and runtimeConfig.ips.</param>
/// <param name="NetworkDir">&lt;dataDir&gt;/&lt;network name&gt;, already checked to stay inside dataDir.</param>
public sealed record IpamConfig(
    IReadOnlyList<RangeSet> RangeSets,
    IReadOnlyList<IpValue> RequestedIps,
    IReadOnlyList<CniRoute> Routes,
    string DataDir,
    string NetworkDir,
    string? ResolvConf);
