using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// The reference loopback (/usr/lib/cni/loopback, Debian's containernetworking-plugins) and K8sNet's (the published
/// binary under the name `loopback`), each with a throwaway pod namespace whose lo starts down. Both get the same
/// environment and stdin; the tests compare exit status, error code class, lo's state and the result.
/// </summary>
internal sealed class LoopbackPair : IDisposable
{
    public const string ReferencePath = "/usr/lib/cni/loopback";

    /// <summary>Every spec version, as the theories run them.</summary>
    public static readonly string[] Versions = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    private static readonly Lazy<JsonArray> ReferenceVersions = new(() =>
        (JsonArray)JsonNode.Parse(Run(ReferencePath, "VERSION", "", "{}").Stdout)!["supportedVersions"]!);

    public LoopbackPair()
    {
        ReferencePod = DownPod("lref");
        OursPod = DownPod("lours");
    }

    public static string Ours => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, "loopback");

    public TestNetNs ReferencePod { get; }

    public TestNetNs OursPod { get; }

    /// <summary>Whether this machine's reference speaks <paramref name="version"/> (Debian's 1.1.1 stops at 1.0.0).</summary>
    public static bool ReferenceSpeaks(string version) => ReferenceVersions.Value.Any(v => v!.GetValue<string>() == version);

    public static string Config(string version, string? extra = null) =>
        $$"""{"cniVersion":"{{version}}","name":"cni-loopback","type":"loopback"{{extra}}}""";

    /// <summary>Runs one verb on both, each against its own pod (or the same literal CNI_NETNS when given).</summary>
    public (CommandResult Reference, CommandResult Ours) Both(string verb, string stdin, string? netns = null, IDictionary<string, string?>? env = null) =>
        (Run(ReferencePath, verb, netns ?? ReferencePod.Path, stdin, env), Run(Ours, verb, netns ?? OursPod.Path, stdin, env));

    public static CommandResult Run(string binary, string verb, string netns, string stdin, IDictionary<string, string?>? env = null, TestNetNs? inside = null)
    {
        var vars = ThrowawayNode.Env(verb, "loopback-test-1", netns, ifName: "lo");
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            vars[key] = value;
        }

        return PublishedBinary.Run(vars, stdin, inside, binary);
    }

    public static bool LoIsUp(TestNetNs pod) =>
        JsonNode.Parse(pod.Exec("ip -j link show lo"))![0]!["flags"]!.AsArray().Any(f => f!.GetValue<string>() == "UP");

    /// <summary>
    /// The result K8sNet gives where the reference gives <paramref name="reference"/>: the reference prints the 1.0.0 shape
    /// under every cniVersion; K8sNet adds ips[].version for 0.3.x/0.4.0 and uses ip4/ip6 objects for 0.1.0/0.2.0.
    /// </summary>
    public static JsonNode OwnShape(JsonNode reference, string version)
    {
        var shaped = reference.DeepClone().AsObject();
        shaped["cniVersion"] = version;
        if (string.CompareOrdinal(version, "1.0.0") >= 0)
        {
            return shaped;
        }

        var ips = shaped["ips"]?.AsArray() ?? [];
        if (string.CompareOrdinal(version, "0.3.0") >= 0)
        {
            foreach (var ip in ips)
            {
                ip!["version"] = Family(ip);
            }

            return shaped;
        }

        var legacy = new JsonObject { ["cniVersion"] = version };
        foreach (var (key, family) in new[] { ("ip4", "4"), ("ip6", "6") })
        {
            if (ips.FirstOrDefault(ip => Family(ip) == family) is { } first)
            {
                legacy[key] = new JsonObject { ["ip"] = first["address"]!.GetValue<string>() };
            }
        }

        legacy["dns"] = shaped["dns"]?.DeepClone() ?? new JsonObject();
        return legacy;
    }

    /// <summary>
    /// What a runtime can act on: 1-8 are the spec's (and libcni's) own meanings; everything else is "the plugin
    /// failed" (the reference's 999, K8sNet's 100 and up).
    /// </summary>
    public static string CodeClass(CommandResult result) =>
        result.ExitCode == 0 ? "success"
        : (int)JsonNode.Parse(result.Stdout)!["code"]! is var code && code is >= 1 and <= 8 ? $"code {code}"
        : "plugin failure";

    public static int Code(CommandResult result) => (int)JsonNode.Parse(result.Stdout)!["code"]!;

    public void Dispose()
    {
        ReferencePod.Dispose();
        OursPod.Dispose();
    }

    private static string Family(JsonNode? ip) => ip!["address"]!.GetValue<string>().Contains(':') ? "6" : "4";

    private static TestNetNs DownPod(string role)
    {
        var pod = TestNetNs.Create(role);
        pod.Exec("ip link set lo down");
        return pod;
    }
}
