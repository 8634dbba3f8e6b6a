using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// A node and pod wired by the reference (/usr/lib/cni/bridge + host-local) and another wired by K8sNet, same seed
/// config, each in throwaway namespaces: `ip -d -j link` of the bridge, the host veth and the pod's eth0 must agree
/// field by field, except where they legitimately differ (see <see cref="Differs"/>).
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class ReferenceLinkParityTests : IDisposable
{
    private readonly CniNode _reference = new();
    private readonly CniNode _k8snet = new();

    [RequiresFact(Requirements.ReferencePlugins)]
    public void Bridge_host_veth_and_pod_eth0_look_as_the_reference_makes_them_but_for_the_alias()
    {
        var (referencePod, k8snetPod) = (_reference.NewPod(), _k8snet.NewPod());
        var referenceAdd = _reference.Add(referencePod, "parity", _reference.SeedConfig(), binary: Requirements.ReferenceBridge);
        var k8snetAdd = _k8snet.Add(k8snetPod, "parity", _k8snet.SeedConfig());
        referenceAdd.ExitCode.Should().Be(0, referenceAdd.Stdout + referenceAdd.Stderr);
        k8snetAdd.ExitCode.Should().Be(0, k8snetAdd.Stdout + k8snetAdd.Stderr);

        // Operstate follows carrier events through the kernel's linkwatch, which may lag up to a second.
        var referenceBridge = SettledBridge(_reference.Node);
        var k8snetBridge = SettledBridge(_k8snet.Node);

        k8snetBridge.GetProperty("operstate").GetString().Should().Be("UP", "node_exporter's node_network_up reads operstate");
        var bridgeId = k8snetBridge.GetProperty("linkinfo").GetProperty("info_data").GetProperty("bridge_id").GetString();
        bridgeId.Should().Be(BridgeId(k8snetBridge.GetProperty("address").GetString()!), "the bridge id carries the bridge's MAC");
        var k8snetVeth = Link(_k8snet.Node, "type veth");
        k8snetVeth.GetProperty("ifalias").GetString().Should().Be("k8snet/bridge/parity/eth0", "K8sNet names the pod on its port on purpose");

        var differences = new List<string>();
        Compare("cnio0", referenceBridge, k8snetBridge, differences);
        Compare("host veth", Link(_reference.Node, "type veth"), k8snetVeth, differences);
        Compare("pod eth0", Link(referencePod, "dev eth0"), Link(k8snetPod, "dev eth0"), differences);
        differences.Should().BeEmpty();
    }

    /// <summary>Fields that differ between any two nodes, or that K8sNet adds on purpose.</summary>
    private static bool Differs(string path) =>
        path.EndsWith(".ifindex", StringComparison.Ordinal)
        || path.EndsWith(".link_index", StringComparison.Ordinal)
        || path.EndsWith(".link_netnsid", StringComparison.Ordinal)
        || path.EndsWith(".address", StringComparison.Ordinal) // MACs: random (or, for K8sNet's pod, derived from its IP)
        || path.EndsWith("_id", StringComparison.Ordinal) // bridge_id, root_id, designated_*: priority + MAC
        || path.Contains("designated_", StringComparison.Ordinal)
        || path.EndsWith("_timer", StringComparison.Ordinal) // running timers
        || path.Contains(".stats", StringComparison.Ordinal)
        || path == "host veth.ifname" // vethXXXXXXXX, random on both sides
        || path == "host veth.ifalias"; // k8snet/NETWORK/CONTAINER/IFNAME: added on purpose

    private static void Compare(string path, JsonElement reference, JsonElement k8snet, List<string> differences)
    {
        if (Differs(path))
        {
            return;
        }

        if (reference.ValueKind == JsonValueKind.Object && k8snet.ValueKind == JsonValueKind.Object)
        {
            var names = reference.EnumerateObject().Select(p => p.Name).Union(k8snet.EnumerateObject().Select(p => p.Name));
            foreach (var name in names)
            {
                var field = $"{path}.{name}";
                var (inReference, inK8snet) = (reference.TryGetProperty(name, out var r), k8snet.TryGetProperty(name, out var k));
                if (inReference && inK8snet)
                {
                    Compare(field, r, k, differences);
                }
                else if (!Differs(field))
                {
                    differences.Add(inReference ? $"{field}: reference {r.GetRawText()}, K8sNet has none" : $"{field}: K8sNet {k.GetRawText()}, reference has none");
                }
            }

            return;
        }

        if (reference.ValueKind == JsonValueKind.Array && k8snet.ValueKind == JsonValueKind.Array
            && reference.GetArrayLength() == k8snet.GetArrayLength())
        {
            for (var i = 0; i < reference.GetArrayLength(); i++)
            {
                Compare($"{path}[{i}]", reference[i], k8snet[i], differences);
            }

            return;
        }

        if (reference.GetRawText() != k8snet.GetRawText())
        {
            differences.Add($"{path}: reference {reference.GetRawText()}, K8sNet {k8snet.GetRawText()}");
        }
    }

    private static JsonElement SettledBridge(TestNetNs node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var bridge = Link(node, "dev cnio0");
        while (bridge.GetProperty("operstate").GetString() != "UP" && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            bridge = Link(node, "dev cnio0");
        }

        return bridge;
    }

    private static JsonElement Link(TestNetNs ns, string selector)
    {
        var links = Json.Parse(ns.Exec($"ip -d -j link show {selector}"));
        links.GetArrayLength().Should().Be(1, $"one link matches '{selector}' in {ns.Name}");
        return links[0];
    }

    /// <summary>iproute2 prints a bridge id as priority "8000." and the MAC without leading zeros: 8000.2:aa:b:…</summary>
    private static string BridgeId(string mac) =>
        "8000." + string.Join(':', mac.Split(':').Select(b => b.TrimStart('0') is { Length: > 0 } t ? t : "0"));

    public void Dispose()
    {
        _reference.Dispose();
        _k8snet.Dispose();
    }
}
