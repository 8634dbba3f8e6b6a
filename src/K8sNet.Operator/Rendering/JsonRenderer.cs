using System.Text;
using System.Text.Json;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Nat;
using K8sNet.Operator.Routes;

namespace K8sNet.Operator.Rendering;

/// <summary>inspect --output json: a stable, camelCase document for scripts (written by hand: no reflection under AOT).</summary>
public static class JsonRenderer
{
    /// <param name="nodeRoutes">Routes to other nodes' pods (`k8snet routes`), written as "nodeRoutes" when given.</param>
    /// <param name="binaries">The CNI bin dir and its plugins, written as "binaries" when given.</param>
    public static string Render(NodeView view, IReadOnlyList<NodeRouteRow>? nodeRoutes = null, (string Dir, IReadOnlyList<BinaryRow>? Rows)? binaries = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("takenUtc", view.TakenUtc);
            w.WriteStartArray("networks");
            foreach (var network in view.Networks)
            {
                WriteNetwork(w, network);
            }

            w.WriteEndArray();
            w.WriteStartArray("natChains");
            foreach (var chain in view.Chains)
            {
                WriteChain(w, chain);
            }

            w.WriteEndArray();
            w.WriteStartArray("findings");
            foreach (var f in view.Findings)
            {
                w.WriteStartObject();
                w.WriteString("kind", f.Kind.ToString());
                w.WriteString("network", f.Network);
                w.WriteString("subject", f.Subject);
                w.WriteString("message", f.Message);
                w.WriteBoolean("collectable", f.IsCollectable);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Strings(w, "notes", view.Notes);
            if (nodeRoutes is not null)
            {
                NodeRoutesRenderer.Json(w, nodeRoutes);
            }

            if (binaries is { } bin)
            {
                BinariesRenderer.Json(w, bin.Dir, bin.Rows);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNetwork(Utf8JsonWriter w, NetworkView network)
    {
        w.WriteStartObject();
        w.WriteString("name", network.Config.Name);
        w.WriteString("config", network.Config.ConfigPath);
        w.WriteString("leaseDir", network.Config.NetworkDir);
        w.WriteBoolean("ipMasq", network.Config.IpMasq);
        w.WritePropertyName("bridge");
        if (network.Bridge is { } bridge)
        {
            w.WriteStartObject();
            WriteLinkFields(w, bridge.Link);
            Strings(w, "addresses", bridge.Addresses);
            w.WriteStartArray("ports");
            foreach (var port in bridge.Ports)
            {
                w.WriteStartObject();
                WriteLinkFields(w, port);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WritePropertyName("masqueradeRules");
        if (network.MasqueradeRules is { } rules)
        {
            w.WriteStartArray();
            foreach (var rule in rules)
            {
                WriteRule(w, network, rule);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteStartArray("attachments");
        foreach (var a in network.Attachments)
        {
            WriteAttachment(w, network, a);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, NetworkView network, SubnetRule rule)
    {
        w.WriteStartObject();
        w.WriteString("family", rule.Family);
        w.WriteString("table", SubnetRule.Table);
        w.WriteString("chain", rule.Chain);
        w.WriteString("subnet", rule.Subnet);
        w.WriteString("rule", rule.Text);
        w.WriteNumber("packets", rule.Packets);
        w.WriteNumber("bytes", rule.Bytes);
        w.WriteStartArray("covers");
        foreach (var lease in network.CoveredBy(rule))
        {
            w.WriteStartObject();
            w.WriteString("containerID", lease.ContainerId);
            w.WriteString("ifname", lease.IfName);
            w.WriteString("ip", lease.Ip);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAttachment(Utf8JsonWriter w, NetworkView network, Attachment a)
    {
        w.WriteStartObject();
        w.WriteString("containerID", a.ContainerId);
        w.WriteString("ifname", a.IfName);
        w.WriteString("netns", a.NetNs);
        w.WriteBoolean("netnsExists", a.NetNsExists);
        if (a.NetNsInode is { } inode)
        {
            w.WriteNumber("netnsInode", inode);
        }

        w.WritePropertyName("pod");
        if (a.Pod is { } pod)
        {
            w.WriteStartObject();
            w.WriteString("name", pod.Name);
            w.WriteNumber("index", pod.Index);
            Number(w, "peerIndex", pod.PeerIndex);
            w.WriteString("mac", pod.Mac);
            w.WriteNumber("mtu", pod.Mtu);
            w.WriteBoolean("up", pod.Up);
            Strings(w, "addresses", pod.Addresses);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WritePropertyName("hostVeth");
        if (a.HostVeth is { } veth)
        {
            w.WriteStartObject();
            WriteLinkFields(w, veth);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        Strings(w, "routes", a.Routes);
        w.WriteStartArray("leases");
        foreach (var lease in a.Leases)
        {
            w.WriteStartObject();
            w.WriteString("ip", lease.Ip);
            w.WriteString("file", lease.LeaseFile);
            if (lease.WrittenUtc is { } written)
            {
                w.WriteString("writtenUtc", written);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        Strings(w, "natChains", a.Chains.Select(c => c.Name).Distinct().ToList());
        Strings(w, "masqueradeRules", a.Leases.Select(network.RuleFor).Where(r => r is not null).Select(r => r!.Chain).Distinct().ToList());
        w.WriteStartArray("hostPorts");
        foreach (var hostPort in network.HostPortsOf(a))
        {
            w.WriteStartObject();
            w.WriteString("protocol", hostPort.Protocol);
            w.WriteString("hostIP", hostPort.HostIp == "*" ? string.Empty : hostPort.HostIp);
            w.WriteNumber("hostPort", hostPort.HostPort);
            w.WriteString("podIP", hostPort.PodIp);
            w.WriteNumber("containerPort", hostPort.ContainerPort);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteChain(Utf8JsonWriter w, NatChain chain)
    {
        w.WriteStartObject();
        w.WriteString("family", chain.Family);
        w.WriteString("name", chain.Name);
        w.WriteString("network", chain.Network);
        w.WriteString("containerID", chain.ContainerId);
        w.WriteNumber("packets", chain.Packets);
        w.WriteNumber("bytes", chain.Bytes);
        w.WriteEndObject();
    }

    private static void WriteLinkFields(Utf8JsonWriter w, NodeLink link)
    {
        w.WriteString("name", link.Name);
        w.WriteNumber("index", link.Index);
        w.WriteString("kind", link.Kind);
        w.WriteString("mac", link.Mac);
        w.WriteNumber("mtu", link.Mtu);
        w.WriteBoolean("up", link.Up);
        Number(w, "peerIndex", link.PeerIndex);
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
