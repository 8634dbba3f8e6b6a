using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>Inputs near the valid ones, where parsers break: mutated configs, CIDR-ish strings, odd JSON values.</summary>
public static class FuzzGenerators
{
    private static readonly string[] Seeds =
    [
        """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""",
        """{"cniVersion":"1.0.0","name":"dual","type":"k8snet","bridge":"br0","mtu":1400,"hairpinMode":true,"isDefaultGateway":true,"ipam":{"type":"host-local","dataDir":"/tmp/x","ranges":[[{"subnet":"10.1.0.0/16","rangeStart":"10.1.2.3","rangeEnd":"10.1.2.9","gateway":"10.1.0.1"}],[{"subnet":"fd00::/64"}]]}}""",
        """{"cniVersion":"1.1.0","name":"gc","type":"bridge","ipam":{"type":"host-local","subnet":"10.9.0.0/24","rangeStart":"10.9.0.10"},"cni.dev/valid-attachments":[{"containerID":"a","ifname":"eth0"}],"runtimeConfig":{"ips":["10.9.0.12/24"],"ipRanges":[[{"subnet":"10.9.0.0/24"}]]},"args":{"cni":{"ips":["10.9.0.13"]}}}""",
        """{"cniVersion":"1.0.0","name":"chk","type":"bridge","ipam":{"type":"host-local","ranges":[[{"subnet":"10.3.0.0/24"}]]},"prevResult":{"cniVersion":"1.0.0","interfaces":[{"name":"cnio0","mac":"0a:58:0a:03:00:01"},{"name":"eth0","sandbox":"/run/netns/p"}],"ips":[{"address":"10.3.0.2/24","gateway":"10.3.0.1","interface":1}],"routes":[{"dst":"0.0.0.0/0","gw":"10.3.0.1"}],"dns":{"nameservers":["10.0.0.10"]}}}""",
    ];

    private static readonly string[] OddStrings =
    [
        "", " ", "..", "/", "a/b", "\0", "\u00e9", "\ud83d\ude00", "10.0.0.0/24", "10.0.0.0/33", "::/0", "fd00::/129", "10", "-1",
        "1.1.0", "0.3.1", "9.9.9", "host-local", "bridge", "0a:58:0a:00:00:01", new string('x', 300), "%", "10.0.0.1%eth0",
        "255.255.255.255/32", "0.0.0.0/0", "::ffff:10.0.0.1", "1e400", "true",
    ];

    public static Gen<string> OddString => Gen.OneOf(Gen.Elements(OddStrings), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    /// <summary>Any JSON value: scalars of every type, and small arrays/objects of them.</summary>
    public static Gen<JsonNode?> AnyJson => Gen.OneOf(
        OddString.Select(s => (JsonNode?)System.Text.Json.Nodes.JsonValue.Create(s)),
        Gen.Choose(-3, 70000).Select(n => (JsonNode?)System.Text.Json.Nodes.JsonValue.Create(n)),
        Gen.Elements<JsonNode?>(System.Text.Json.Nodes.JsonValue.Create(true), System.Text.Json.Nodes.JsonValue.Create(false), null, System.Text.Json.Nodes.JsonValue.Create(1e300), System.Text.Json.Nodes.JsonValue.Create(long.MinValue), System.Text.Json.Nodes.JsonValue.Create(0.5)),
        Gen.Elements<JsonNode?>(new JsonArray(), new JsonObject(), new JsonArray(new JsonArray()), new JsonArray(System.Text.Json.Nodes.JsonValue.Create("10.0.0.1/24"))));

    /// <summary>A seed config with one of several mutations applied (some of them several times).</summary>
    public static Gen<string> MutatedConfig =>
        from seed in Gen.Elements(Seeds)
        from rounds in Gen.Choose(1, 3)
        from mutations in Gen.ListOf(Mutation, rounds)
        select mutations.Aggregate(seed, (text, mutate) => mutate(text));

    private static Gen<Func<string, string>> Mutation => Gen.Frequency(
        (4, ReplaceAValue),
        (2, RemoveAKey),
        (1, from cut in Gen.Choose(0, 1000) select (Func<string, string>)(t => t[..Math.Min(cut, t.Length)])),
        (1, from at in Gen.Choose(0, 1000) from junk in Gen.Elements("{", "}", "[", "\"", ",", ":", "\\", "\\u12", "null", "1e9999", "\u0001")
            select (Func<string, string>)(t => t.Insert(Math.Min(at, t.Length), junk))),
        (1, from at in Gen.Choose(0, 1000) from len in Gen.Choose(1, 20)
            select (Func<string, string>)(t => at >= t.Length ? t : t.Remove(at, Math.Min(len, t.Length - at)))));

    private static Gen<Func<string, string>> ReplaceAValue =>
        from pick in Gen.Choose(0, 10_000)
        from value in AnyJson
        select (Func<string, string>)(text => Rewrite(text, pick, (parent, key) => Set(parent, key, value?.DeepClone())));

    private static Gen<Func<string, string>> RemoveAKey =>
        from pick in Gen.Choose(0, 10_000)
        select (Func<string, string>)(text => Rewrite(text, pick, (parent, key) =>
        {
            if (parent is JsonObject o && key is string k)
            {
                o.Remove(k);
            }
        }));

    /// <summary>Picks the <paramref name="pick"/>-th slot (mod the count) of the document and edits it; text that is not JSON stays.</summary>
    private static string Rewrite(string text, int pick, Action<JsonNode, object> edit)
    {
        JsonNode? root;
        var slots = new List<(JsonNode Parent, object Key)>();
        try
        {
            root = JsonNode.Parse(text);
            if (root is not null)
            {
                Collect(root, slots);
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
        {
            // Not JSON, or JSON with a key twice (a text mutation can make one): JsonObject, which is a dictionary,
            // throws ArgumentException when it first reads such an object (found by a 100 000-case run).
            return text;
        }

        if (root is null || slots.Count == 0)
        {
            return text;
        }

        var (parent, key) = slots[pick % slots.Count];
        edit(parent, key);
        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    slots.Add((o, k));
                    if (v is not null)
                    {
                        Collect(v, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o && key is string k)
        {
            o[k] = value;
        }
        else if (parent is JsonArray a && key is int i)
        {
            a[i] = value;
        }
    }

    /// <summary>Strings shaped like CIDRs and addresses, valid or nearly so, for both families.</summary>
    public static Gen<string> CidrLike => Gen.OneOf(
        from a in Gen.Choose(0, 300) from b in Gen.Choose(0, 255) from c in Gen.Choose(0, 255) from d in Gen.Choose(0, 256)
        from prefix in Gen.Choose(-1, 40) from form in Gen.Choose(0, 3)
        select form switch
        {
            0 => $"{a}.{b}.{c}.{d}/{prefix}",
            1 => $"{a}.{b}.{c}.{d}",
            2 => $"{a}.{b}/{prefix}",
            _ => $"{a}.{b}.{c}.{d}/{prefix}/{prefix}",
        },
        from h in Gen.Choose(0, 0xffff) from l in Gen.Choose(0, 0xffff) from prefix in Gen.Choose(-1, 140) from form in Gen.Choose(0, 3)
        select form switch
        {
            0 => $"fd{h % 256:x2}::{l:x}/{prefix}",
            1 => $"{h:x}:{l:x}::/{prefix}",
            2 => $"::ffff:10.0.{h % 256}.{l % 256}/{prefix}",
            _ => $"{h:x}::{l:x}%eth0/{prefix}",
        },
        OddString);
}
