using System.Text;
using System.Text.Json.Nodes;

namespace K8sNet.Reliability.Tests.BadInput;

/// <summary>
/// Bad input to K8sNet as portmap (chained after the bridge): what the reference accepts and then fails on later or
/// silently ignores (ports above 65535, unknown protocols, unparsable host IPs, no pod address) is refused up front,
/// with code 7 naming the entry, and nothing is written.
/// </summary>
public static class PortmapCases
{
    private const int Invalid = 7;

    public static IEnumerable<BadInput> All()
    {
        yield return Case("portmap: hostPort above 65535", "Invalid host port number: 70000", Map(70000, 80, "tcp"));
        yield return Case("portmap: hostPort 0", "Invalid host port number: 0", Map(0, 80, "tcp"));
        yield return Case("portmap: negative containerPort", "Invalid container port number: -1", Map(8080, -1, "tcp"));
        yield return Case("portmap: containerPort above 65535", "Invalid container port number: 65536", Map(8080, 65536, "tcp"));
        yield return Case("portmap: hostPort is a string", "hostPort", new JsonObject { ["hostPort"] = "8080", ["containerPort"] = 80, ["protocol"] = "tcp" });
        yield return Case("portmap: unknown protocol", "protocol \"icmp\"", Map(8080, 80, "icmp"));
        yield return Case("portmap: no protocol", "protocol \"\"", new JsonObject { ["hostPort"] = 8080, ["containerPort"] = 80 });
        yield return Case("portmap: unparsable hostIP", "hostIP \"10.0.0.300\"", Map(8080, 80, "tcp", "10.0.0.300"));
        yield return Case("portmap: hostIP with a prefix", "hostIP \"10.0.0.1/24\"", Map(8080, 80, "tcp", "10.0.0.1/24"));
        yield return Case("portmap: the bad entry is named", "runtimeConfig.portMappings[1]", Map(8080, 80, "tcp"), Map(8081, 99999, "udp"));
        yield return Case("portmap: markMasqBit 32", "MasqMarkBit must be between 0 and 31", Map(8080, 80, "tcp"), extra: new JsonObject { ["markMasqBit"] = 32 });
        yield return Case("portmap: markMasqBit and externalSetMarkChain", "Cannot specify externalSetMarkChain and markMasqBit", Map(8080, 80, "tcp"),
            extra: new JsonObject { ["markMasqBit"] = 5, ["externalSetMarkChain"] = "KUBE-MARK-MASQ" });
        yield return Case("portmap: unknown backend", "unrecognized backend \"ipvs\"", Map(8080, 80, "tcp"), extra: new JsonObject { ["backend"] = "ipvs" });
        yield return Case("portmap: iptables conditions with the nftables backend", "nftables backend was requested but configuration contains iptables-specific options [conditionsV4]",
            Map(8080, 80, "tcp"), extra: new JsonObject { ["backend"] = "nftables", ["conditionsV4"] = new JsonArray("-s", "1.2.3.4") });
        yield return Case("portmap: an nft condition K8sNet cannot express", "unsupported nftables condition", Map(8080, 80, "tcp"),
            extra: new JsonObject { ["conditionsV4"] = new JsonArray("tcp", "sport", "1") });
        yield return Case("portmap: no prevResult", "must be called as chained plugin", Map(8080, 80, "tcp"), prevResult: false);
        yield return Case("portmap: prevResult has no address on CNI_IFNAME", "no address of interface \"eth0\"", Map(8080, 80, "tcp"), ifName: "net1");
    }

    private static BadInput Case(string name, string message, JsonObject mapping, JsonObject? second = null, JsonObject? extra = null, bool prevResult = true, string ifName = "eth0")
    {
        var mappings = second is null ? new JsonArray(mapping) : new JsonArray(mapping, second);
        return new BadInput(name, Invalid, message, c => c.AddEnv(), c => Encoding.UTF8.GetBytes(Config(c, mappings, extra, prevResult, ifName)), Plugin: "portmap");
    }

    private static string Config(BadInputContext c, JsonArray mappings, JsonObject? extra, bool prevResult, string ifName)
    {
        var conf = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "rel",
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["runtimeConfig"] = new JsonObject { ["portMappings"] = mappings.DeepClone() },
        };
        if (prevResult)
        {
            conf["prevResult"] = new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["interfaces"] = new JsonArray(
                    new JsonObject { ["name"] = "rel0" },
                    new JsonObject { ["name"] = ifName, ["sandbox"] = c.Pod.Path }),
                ["ips"] = new JsonArray(new JsonObject { ["interface"] = 1, ["address"] = "10.222.0.5/24", ["gateway"] = "10.222.0.1" }),
            };
        }

        foreach (var (key, value) in extra ?? [])
        {
            conf[key] = value?.DeepClone();
        }

        return conf.ToJsonString();
    }

    private static JsonObject Map(int hostPort, int containerPort, string protocol, string? hostIp = null)
    {
        var entry = new JsonObject { ["hostPort"] = hostPort, ["containerPort"] = containerPort, ["protocol"] = protocol };
        if (hostIp is not null)
        {
            entry["hostIP"] = hostIp;
        }

        return entry;
    }
}
