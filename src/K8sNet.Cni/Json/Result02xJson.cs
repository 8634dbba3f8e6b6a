using System.Text.Json;
using K8sNet.Cni.Results;

namespace K8sNet.Cni.Json;

/// <summary>
/// A result in the shape of spec 0.1.0/0.2.0: no interfaces, one <c>ip4</c> and one <c>ip6</c> object, each with its
/// family's routes: <c>{"cniVersion","ip4":{"ip","gateway","routes":[{"dst","gw"}]},"ip6":{…},"dns":{}}</c>.
/// Converting down keeps the first address of each family, as libcni does (types/040 convertTo02x); reading up
/// gives the ips in ip4, ip6 order and the routes of both.
/// </summary>
public static class Result02xJson
{
    public static CniResult Read(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        var ips = new List<CniIpConfig>();
        var routes = new List<CniRoute>();
        foreach (var family in (ReadOnlySpan<string>)["ip4", "ip6"])
        {
            if (fields.Object(family) is not { } ip)
            {
                continue;
            }

            var address = ip.String("ip") ?? throw CniException.InvalidConfig(ip.FieldPath("ip"), "missing (a 0.2.0 result's address)");
            ips.Add(new CniIpConfig { Version = ResultConverter.FamilyOf(address), Address = address, Gateway = ip.String("gateway") });
            routes.AddRange(ip.List("routes", CniResultJson.ReadRoute) ?? []);
        }

        return new CniResult
        {
            CniVersion = fields.String("cniVersion"),
            Ips = ips,
            Routes = routes,
            Dns = fields.Object("dns") is { } dns ? CniResultJson.ReadDns(dns) : new CniDns(),
        };
    }

    public static byte[] Write(CniResult result, CniVersion version)
    {
        var json = new JsonOut().BeginObject().String("cniVersion", version.ToString());
        WriteFamily(json, "ip4", "4", result);
        WriteFamily(json, "ip6", "6", result);
        json.BeginObject("dns").StringsIfSet("nameservers", result.Dns.Nameservers).StringIfSet("domain", result.Dns.Domain)
            .StringsIfSet("search", result.Dns.Search).StringsIfSet("options", result.Dns.Options).EndObject();
        return json.EndObject().ToUtf8();
    }

    private static void WriteFamily(JsonOut json, string key, string family, CniResult result)
    {
        if (result.Ips?.Find(ip => ResultConverter.FamilyOf(ip.Address) == family) is not { } first)
        {
            return;
        }

        json.BeginObject(key).String("ip", first.Address).StringIfSet("gateway", first.Gateway);
        var routes = result.Routes?.FindAll(r => ResultConverter.FamilyOf(r.Dst) == family);
        if (routes is { Count: > 0 })
        {
            json.BeginArray("routes");
            foreach (var route in routes)
            {
                json.BeginObject().String("dst", route.Dst).StringIfSet("gw", route.Gw).EndObject();
            }

            json.EndArray();
        }

        json.EndObject();
    }
}
