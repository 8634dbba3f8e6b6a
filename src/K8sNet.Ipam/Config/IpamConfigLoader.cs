using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Ipam.Ranges;

namespace K8sNet.Ipam.Config;

/// <summary>
/// Reads host-local's configuration from an invocation (reference HL config.go <c>LoadIPAMConfig</c>): the
/// <c>ipam</c> section, <c>runtimeConfig.ipRanges</c>/<c>ips</c>, <c>args.cni.ips</c> and <c>CNI_ARGS IP=</c>.
/// </summary>
public static class IpamConfigLoader
{
    public const string DefaultDataDir = "/var/lib/cni/networks";

    public static IpamConfig Load(CniInvocation invocation, string? dataDirOverride = null)
    {
        var section = invocation.Config.Ipam is { ValueKind: JsonValueKind.Object } ipam
            ? IpamJsonReader.ReadSection(ipam, "ipam")
            : throw CniException.InvalidConfig("ipam", "IPAM config missing 'ipam' key");
        var runtime = invocation.Config.RuntimeConfig is { ValueKind: JsonValueKind.Object } rc
            ? IpamJsonReader.ReadRuntimeConfig(rc, "runtimeConfig")
            : new RuntimeConfigJson();
        var args = invocation.Config.Args is { ValueKind: JsonValueKind.Object } a
            ? IpamJsonReader.ReadArgs(a, "args")
            : new ArgsJson();

        var sets = ParseSets(section, runtime);
        var requested = RequestedIps(invocation.Request, args, runtime);
        var routes = ValidateRoutes(section.Routes);
        var dataDir = string.IsNullOrEmpty(dataDirOverride ?? section.DataDir) ? DefaultDataDir : (dataDirOverride ?? section.DataDir)!;
        var networkDir = NetworkDirectory(dataDir, invocation.NetworkName);
        return new IpamConfig(sets, requested, routes, Path.GetFullPath(dataDir), networkDir, string.IsNullOrEmpty(section.ResolvConf) ? null : section.ResolvConf);
    }

    /// <summary>
    /// &lt;dataDir&gt;/&lt;name&gt;; the name was validated by the dispatcher, checked again so no path escapes dataDir. dataDir
    /// must be absolute and say where it is without <c>..</c> (DEL checks it too: it must not reach what ADD refused).
    /// </summary>
    public static string NetworkDirectory(string dataDir, string networkName)
    {
        if (dataDir.Contains('\0') || !Path.IsPathRooted(dataDir) || HasParentSegment(dataDir))
        {
            throw CniException.InvalidConfig(
                "ipam.dataDir", $"\"{CniRequestReader.Printable(dataDir)}\" must be an absolute path without NUL characters or \"..\" components");
        }

        if (!NameValidation.IsValidIdentifier(networkName) || networkName is "." or "..")
        {
            throw CniException.InvalidConfig("name", $"network name \"{CniRequestReader.Printable(networkName)}\" cannot be used as a directory name");
        }

        var root = Path.GetFullPath(dataDir);
        var dir = Path.GetFullPath(Path.Combine(root, networkName));
        if (!dir.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw CniException.InvalidConfig("name", $"network directory {dir} would lie outside dataDir {root}");
        }

        return dir;
    }

    /// <summary>A ".." component in an absolute path (which starts with '/').</summary>
    private static bool HasParentSegment(string path) =>
        path.Contains("/../", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);

    private static List<RangeSet> ParseSets(IpamSectionJson section, RuntimeConfigJson runtime)
    {
        var written = new List<(IReadOnlyList<RangeJson>? Ranges, string Field)>();
        for (var i = 0; i < (runtime.IpRanges?.Count ?? 0); i++)
        {
            written.Add((runtime.IpRanges![i], $"runtimeConfig.ipRanges[{i.ToString()}]"));
        }

        if (!string.IsNullOrEmpty(section.Legacy.Subnet))
        {
            written.Add(([section.Legacy], "ipam"));
        }

        for (var i = 0; i < (section.Ranges?.Count ?? 0); i++)
        {
            written.Add((section.Ranges![i], $"ipam.ranges[{i.ToString()}]"));
        }

        if (written.Count == 0)
        {
            throw CniException.InvalidConfig("ipam.ranges", "no IP ranges specified");
        }

        var sets = new List<RangeSet>(written.Count);
        for (var index = 0; index < written.Count; index++)
        {
            sets.Add(RangeParser.ParseSet(written[index].Ranges, index, written[index].Field));
        }

        for (var i = 0; i < sets.Count; i++)
        {
            for (var j = i + 1; j < sets.Count; j++)
            {
                if (sets[i].Overlaps(sets[j]))
                {
                    throw CniException.InvalidConfig(written[j].Field, $"range set {j} overlaps with {i}");
                }
            }
        }

        return sets;
    }

    /// <summary>
    /// CONVENTIONS.md: when <c>args.cni.ips</c> is given the plugin must ignore the equivalent CNI_ARGS key (the reference
    /// applies both; K8sNet follows the convention). runtimeConfig.ips always adds. "ip/prefix" and bare "ip" are accepted.
    /// </summary>
    private static List<IpValue> RequestedIps(CniRequest request, ArgsJson args, RuntimeConfigJson runtime)
    {
        var result = new List<IpValue>();
        if (args.Cni?.Ips is { Count: > 0 } argIps)
        {
            result.AddRange(argIps.Select((ip, i) => ParseRequested(ip ?? string.Empty, $"args.cni.ips[{i}]")));
        }
        else if (request.Args.Get("IP") is { Length: > 0 } envIp)
        {
            result.Add(ParseRequested(envIp, "CNI_ARGS IP"));
        }

        if (runtime.Ips is { Count: > 0 } runtimeIps)
        {
            result.AddRange(runtimeIps.Select((ip, i) => ParseRequested(ip ?? string.Empty, $"runtimeConfig.ips[{i}]")));
        }

        return result;
    }

    private static IpValue ParseRequested(string text, string field)
    {
        var address = text.Trim();
        var slash = address.IndexOf('/');
        if (slash >= 0)
        {
            if (RangeParser.ParseCidr(address) is not { } cidr)
            {
                throw CniException.InvalidConfig(field, $"\"{text}\" is not an IP address or CIDR");
            }

            return cidr.Address;
        }

        return IpValue.TryParse(address, out var ip) ? ip : throw CniException.InvalidConfig(field, $"\"{text}\" is not an IP address");
    }

    private static List<CniRoute> ValidateRoutes(List<CniRoute>? routes)
    {
        var list = routes ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw CniException.InvalidConfig($"ipam.routes[{i}]", "a route must be an object, not null");
            }

            if (RangeParser.ParseCidr(list[i].Dst ?? string.Empty) is null)
            {
                throw CniException.InvalidConfig($"ipam.routes[{i}].dst", $"\"{list[i].Dst}\" is not a CIDR");
            }

            if (!string.IsNullOrEmpty(list[i].Gw) && !IpValue.TryParse(list[i].Gw, out _))
            {
                throw CniException.InvalidConfig($"ipam.routes[{i}].gw", $"\"{list[i].Gw}\" is not an IP address");
            }
        }

        return list;
    }
}
