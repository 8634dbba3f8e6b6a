using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.Portmap.Tests;

/// <summary>
/// A throwaway node for hostPort tests, wired as a runtime wires a conflist: the published binary as `bridge`, then
/// as `portmap` with the bridge's result as prevResult. Next to the node: an "outside" netns on a veth
/// (192.168.77.0/24, fd77::/64) that routes 192.168.79.0/24 through the node, where a "far" netns (another host
/// behind the node) sits. Every namespace and listener goes on dispose.
/// </summary>
public sealed class HostportNode : ThrowawayNode
{
    public const string NodeIp = "192.168.77.1";
    public const string NodeIp6 = "fd77::1";
    public const string SecondNodeIp = "192.168.78.1";
    public const string OutsideIp = "192.168.77.2";
    public const string FarIp = "192.168.79.2";

    private static int _counter;
    private readonly string _suffix = $"{Environment.ProcessId % 10000}{Interlocked.Increment(ref _counter)}";

    public HostportNode()
        : base("hpn", "hpp", "k8snet-hostport-")
    {
        Outside = TestNetNs.Create("hpo");
        Far = TestNetNs.Create("hpf");
        Command.Sh($"ip link add hpa{_suffix} netns {Node.Name} type veth peer name hpb{_suffix} netns {Outside.Name}");
        Command.Sh($"ip link add hpc{_suffix} netns {Node.Name} type veth peer name hpd{_suffix} netns {Far.Name}");
        Node.Exec($"""
            ip addr add {NodeIp}/24 dev hpa{_suffix}; ip addr add {SecondNodeIp}/24 dev hpa{_suffix}
            ip addr add {NodeIp6}/64 dev hpa{_suffix} nodad; ip link set hpa{_suffix} up
            ip addr add 192.168.79.1/24 dev hpc{_suffix}; ip link set hpc{_suffix} up
            sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
            """);
        Outside.Exec($"""
            ip addr add {OutsideIp}/24 dev hpb{_suffix}; ip addr add fd77::2/64 dev hpb{_suffix} nodad; ip link set hpb{_suffix} up
            ip route add 192.168.79.0/24 via {NodeIp}; ip route add 192.168.78.0/24 via {NodeIp}
            """);
        Far.Exec($"ip addr add {FarIp}/24 dev hpd{_suffix}; ip link set hpd{_suffix} up; ip route add default via 192.168.79.1");
    }

    public TestNetNs Outside { get; }

    public TestNetNs Far { get; }

    public static string BinDir => Path.GetDirectoryName(PublishedBinary.Path)!;

    public string BridgeConfig(bool dualStack = false, string version = "1.0.0") =>
        "{\"cniVersion\":\"" + version + "\",\"name\":\"hostnet\",\"type\":\"bridge\",\"bridge\":\"cnio0\",\"isGateway\":true,\"ipMasq\":true,\"hairpinMode\":true,"
        + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + DataDir + "\",\"ranges\":[[{\"subnet\":\"10.244.0.0/24\"}]"
        + (dualStack ? ",[{\"subnet\":\"fd44::/64\"}]" : string.Empty) + "],\"routes\":[{\"dst\":\"0.0.0.0/0\"}"
        + (dualStack ? ",{\"dst\":\"::/0\"}" : string.Empty) + "]}}";

    /// <summary>The portmap member of the conflist as libcni hands it over: name, version, runtimeConfig, prevResult.</summary>
    public static string PortmapConfig(string prevResult, JsonArray mappings, string version = "1.0.0", JsonObject? extra = null)
    {
        var conf = new JsonObject
        {
            ["cniVersion"] = version,
            ["name"] = "hostnet",
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["runtimeConfig"] = new JsonObject { ["portMappings"] = mappings.DeepClone() },
        };
        if (prevResult.Length > 0)
        {
            conf["prevResult"] = JsonNode.Parse(prevResult);
        }

        foreach (var (key, value) in extra ?? [])
        {
            conf[key] = value?.DeepClone();
        }

        return conf.ToJsonString();
    }

    public static JsonObject Map(int hostPort, int containerPort, string protocol = "tcp", string? hostIp = null, bool containerdCase = false)
    {
        var entry = containerdCase
            ? new JsonObject { ["HostPort"] = hostPort, ["ContainerPort"] = containerPort, ["Protocol"] = protocol, ["HostIP"] = hostIp ?? string.Empty }
            : new JsonObject { ["hostPort"] = hostPort, ["containerPort"] = containerPort, ["protocol"] = protocol };
        if (hostIp is not null && !containerdCase)
        {
            entry["hostIP"] = hostIp;
        }

        return entry;
    }

    /// <summary>A pod: bridge ADD, then portmap ADD chained on its result. Returns (bridge result, portmap config).</summary>
    public (string Result, string PortmapConfig, TestNetNs Pod) AddPod(string id, JsonArray mappings, bool dualStack = false, JsonObject? extra = null)
    {
        var pod = NewPod();
        var bridge = Run("bridge", "ADD", id, pod.Path, BridgeConfig(dualStack));
        bridge.ExitCode.Should().Be(0, bridge.Stdout + bridge.Stderr);
        var portmap = PortmapConfig(bridge.Stdout, mappings, extra: extra);
        var mapped = Run("portmap", "ADD", id, pod.Path, portmap);
        mapped.ExitCode.Should().Be(0, mapped.Stdout + mapped.Stderr);
        return (bridge.Stdout, portmap, pod);
    }

    /// <summary>Runs the published binary under <paramref name="name"/> (bridge, portmap) in the node, as a runtime would.</summary>
    public CommandResult Run(string name, string verb, string id, string netns, string config, string ifName = "eth0") =>
        PublishedBinary.Run(Env(verb, id, netns, ifName), config, Node, Path.Combine(BinDir, name));

    /// <summary>Runs another plugin binary (the reference's) in the node.</summary>
    public CommandResult RunBinary(string binary, string verb, string id, string netns, string config, string ifName = "eth0") =>
        PublishedBinary.Run(Env(verb, id, netns, ifName), config, Node, binary);

    /// <summary>A TCP or UDP listener in <paramref name="ns"/> that answers every client with <paramref name="reply"/>.</summary>
    public static void Listen(TestNetNs ns, int port, string reply, string protocol = "tcp", bool v6 = false)
    {
        var ss = protocol == "tcp" ? "-tlnH" : "-ulnH";
        var script = Path.Combine(AppContext.BaseDirectory, "Listener.py");
        ns.Exec($"setsid python3 {script} {protocol} {(v6 ? "6" : "4")} {port} {reply} </dev/null >/dev/null 2>&1 & "
            + $"for i in $(seq 200); do ss {ss} {(v6 ? "-6" : "-4")} 'sport = :{port}' | grep -q . && exit 0; sleep 0.05; done; exit 1");
    }

    /// <summary>What a client in <paramref name="ns"/> gets back from HOST:PORT; "(no answer: why)" when nothing answers.</summary>
    public static string Ask(TestNetNs ns, string host, int port, string protocol = "tcp")
    {
        var v6 = host.Contains(':');
        var target = v6 ? $"[{host}]" : host;
        var family = v6 ? "6" : "4";
        var address = protocol == "tcp" ? $"TCP{family}:{target}:{port},connect-timeout=5" : $"UDP{family}:{target}:{port}";
        // UDP has no handshake: the first datagram can be lost while a fresh namespace resolves its neighbours.
        for (var attempt = 1; ; attempt++)
        {
            // -t 8: after sending (stdin EOF) wait up to 8 s for the reply, not socat's default half second.
            var run = ns.TryExec($"echo ping | timeout 12 socat -t 8 -T 8 - {address}");
            var answer = run.Stdout.Trim();
            if (answer.Length > 0 || protocol == "tcp" || attempt == 3)
            {
                return answer.Length > 0 ? answer : $"(no answer: {run.Stderr.Trim()})";
            }
        }
    }

    public string Ruleset() => Node.Exec("nft list ruleset");

    public string NatTable(bool v6 = false) => Node.Exec(v6 ? "ip6tables-save -t nat" : "iptables-save -t nat");

    /// <summary>Removes the outside and far namespaces too (the base class removes the node and the pods).</summary>
    public void DisposeAll()
    {
        Outside.Dispose();
        Far.Dispose();
        base.Dispose();
    }
}
