using System.Text.Json;
using K8sNet.Cni.Json;

namespace K8sNet.Ipam.Config;

/// <summary>Reads the host-local parts of a config into <see cref="IpamSectionJson"/> and friends; wrong types are code 7 naming the field.</summary>
public static class IpamJsonReader
{
    public static IpamSectionJson ReadSection(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new IpamSectionJson
        {
            Type = fields.String("type"),
            Legacy = ReadRange(element, path),
            Ranges = fields.List("ranges", ReadRangeSet),
            Routes = fields.List("routes", CniResultJson.ReadRoute),
            DataDir = fields.String("dataDir"),
            ResolvConf = fields.String("resolvConf"),
        };
    }

    /// <summary>Only dataDir, without looking at anything else: DEL must find the leases of a config that is otherwise broken.</summary>
    public static string? ReadDataDir(JsonElement element, string path) =>
        JsonFields.Of(element, path).String("dataDir");

    public static RuntimeConfigJson ReadRuntimeConfig(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new RuntimeConfigJson { IpRanges = fields.List("ipRanges", ReadRangeSet), Ips = fields.Strings("ips") };
    }

    public static ArgsJson ReadArgs(JsonElement element, string path)
    {
        var cni = JsonFields.Of(element, path).Object("cni");
        return new ArgsJson { Cni = cni is { } c ? new ArgsCniJson { Ips = c.Strings("ips") } : null };
    }

    private static List<RangeJson> ReadRangeSet(JsonElement element, string path) =>
        JsonFields.ListValue(element, path, ReadRange);

    private static RangeJson ReadRange(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new RangeJson
        {
            Subnet = fields.String("subnet"),
            RangeStart = fields.String("rangeStart"),
            RangeEnd = fields.String("rangeEnd"),
            Gateway = fields.String("gateway"),
        };
    }
}
