using System.Text.Json;
using K8sNet.Cni.Results;

namespace K8sNet.Cni.Json;

/// <summary>
/// A result as JSON (SPEC §5 "ADD Success"): read from any version's prevResult or a delegated IPAM's stdout, and
/// written in the shape <see cref="ResultConverter"/> gave it. Members that are null are left out; <c>dns</c> is
/// always written, as <c>{}</c> when empty, like the reference plugins.
/// </summary>
public static class CniResultJson
{
    public static CniResult Read(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new CniResult
        {
            CniVersion = fields.String("cniVersion"),
            Interfaces = fields.List("interfaces", ReadInterface),
            Ips = fields.List("ips", ReadIp),
            Routes = fields.List("routes", ReadRoute),
            Dns = fields.Object("dns") is { } dns ? ReadDns(dns) : new CniDns(),
        };
    }

    public static CniRoute ReadRoute(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new CniRoute
        {
            Dst = fields.String("dst") ?? string.Empty,
            Gw = fields.String("gw"),
            Mtu = fields.NullableInt32("mtu"),
            AdvMss = fields.NullableInt32("advmss"),
            Priority = fields.NullableInt32("priority"),
            Table = fields.NullableInt32("table"),
            Scope = fields.NullableInt32("scope"),
        };
    }

    public static CniDns ReadDns(JsonFields fields) => new()
    {
        Nameservers = fields.Strings("nameservers"),
        Domain = fields.String("domain"),
        Search = fields.Strings("search"),
        Options = fields.Strings("options"),
    };

    /// <summary>The result in <paramref name="version"/>'s own shape: <see cref="Result02xJson"/> before 0.3.0.</summary>
    public static byte[] Write(CniResult result, CniVersion version) =>
        version.HasInterfaceList ? Write(ResultConverter.ToVersion(result, version)) : Result02xJson.Write(result, version);

    public static byte[] Write(CniResult result)
    {
        var json = new JsonOut().BeginObject().StringIfSet("cniVersion", result.CniVersion);
        if (result.Interfaces is { } interfaces)
        {
            json.BeginArray("interfaces");
            foreach (var i in interfaces)
            {
                json.BeginObject().String("name", i.Name).StringIfSet("mac", i.Mac).NumberIfSet("mtu", i.Mtu)
                    .StringIfSet("sandbox", i.Sandbox).StringIfSet("socketPath", i.SocketPath).StringIfSet("pciID", i.PciId).EndObject();
            }

            json.EndArray();
        }

        if (result.Ips is { } ips)
        {
            json.BeginArray("ips");
            foreach (var ip in ips)
            {
                json.BeginObject().StringIfSet("version", ip.Version).NumberIfSet("interface", ip.Interface)
                    .String("address", ip.Address).StringIfSet("gateway", ip.Gateway).EndObject();
            }

            json.EndArray();
        }

        if (result.Routes is { } routes)
        {
            json.BeginArray("routes");
            foreach (var route in routes)
            {
                WriteRoute(json, route);
            }

            json.EndArray();
        }

        WriteDns(json.BeginObject("dns"), result.Dns).EndObject();
        return json.EndObject().ToUtf8();
    }

    public static JsonOut WriteRoute(JsonOut json, CniRoute route) =>
        json.BeginObject().String("dst", route.Dst).StringIfSet("gw", route.Gw).NumberIfSet("mtu", route.Mtu)
            .NumberIfSet("advmss", route.AdvMss).NumberIfSet("priority", route.Priority).NumberIfSet("table", route.Table)
            .NumberIfSet("scope", route.Scope).EndObject();

    private static JsonOut WriteDns(JsonOut json, CniDns dns) =>
        json.StringsIfSet("nameservers", dns.Nameservers).StringIfSet("domain", dns.Domain)
            .StringsIfSet("search", dns.Search).StringsIfSet("options", dns.Options);

    private static CniInterface ReadInterface(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new CniInterface
        {
            Name = fields.String("name") ?? string.Empty,
            Mac = fields.String("mac"),
            Mtu = fields.NullableInt32("mtu"),
            Sandbox = fields.String("sandbox"),
            SocketPath = fields.String("socketPath"),
            PciId = fields.String("pciID"),
        };
    }

    private static CniIpConfig ReadIp(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new CniIpConfig
        {
            Version = fields.String("version"),
            Interface = fields.NullableInt32("interface"),
            Address = fields.String("address") ?? string.Empty,
            Gateway = fields.String("gateway"),
        };
    }
}
