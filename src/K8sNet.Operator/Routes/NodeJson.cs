using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace K8sNet.Operator.Routes;

/// <summary>
/// Reads one Node object (an item of a NodeList, or the object of a watch event) as the API server writes it:
/// <c>metadata.name</c>, <c>spec.podCIDR</c> / <c>spec.podCIDRs</c>, <c>status.addresses[{type,address}]</c>.
/// Unknown fields are ignored, every used one is checked; problems are returned, never thrown.
/// </summary>
public static class NodeJson
{
    public static KubeNode? Read(JsonElement node, string where, List<NodeProblem> problems)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new NodeProblem(where, "(node)", $"expected an object, found {Describe(node)}"));
            return null;
        }

        var name = node.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (string.IsNullOrEmpty(name))
        {
            problems.Add(new NodeProblem(where, "metadata.name", "missing or not a string"));
            return null;
        }

        var before = problems.Count;
        var cidrs = PodCidrs(node, name, problems);
        var ips = InternalIps(node, name, problems);
        return problems.Count == before ? new KubeNode(name, ips, cidrs) : null;
    }

    private static List<IPNetwork> PodCidrs(JsonElement node, string name, List<NodeProblem> problems)
    {
        var cidrs = new List<IPNetwork>();
        if (!node.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return cidrs; // a node without spec has no pod CIDR yet: it gets no route, which is not an error
        }

        if (spec.TryGetProperty("podCIDRs", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new NodeProblem(name, "spec.podCIDRs", $"expected an array of CIDRs, found {Describe(list)}"));
                return cidrs;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                AddCidr(item, $"spec.podCIDRs[{index++}]", name, cidrs, problems);
            }
        }

        // podCIDR is podCIDRs[0] when both are set (the API server keeps them in step): read it only for objects
        // written before podCIDRs existed.
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            ReadSingle(spec, name, cidrs, problems);
        }

        return cidrs;
    }

    private static void ReadSingle(JsonElement spec, string name, List<IPNetwork> cidrs, List<NodeProblem> problems)
    {
        if (spec.TryGetProperty("podCIDR", out var single) && single.ValueKind != JsonValueKind.Null)
        {
            AddCidr(single, "spec.podCIDR", name, cidrs, problems);
        }
    }

    private static void AddCidr(JsonElement value, string field, string name, List<IPNetwork> cidrs, List<NodeProblem> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new NodeProblem(name, field, $"expected a CIDR string, found {Describe(value)}"));
            return;
        }

        if (!StrictIp.TryParseNetwork(value.GetString()!, out var cidr, out var why))
        {
            problems.Add(new NodeProblem(name, field, why));
        }
        else if (!cidrs.Contains(cidr))
        {
            cidrs.Add(cidr);
        }
    }

    private static List<IPAddress> InternalIps(JsonElement node, string name, List<NodeProblem> problems)
    {
        var ips = new List<IPAddress>();
        if (!node.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty("addresses", out var addresses) || addresses.ValueKind == JsonValueKind.Null)
        {
            return ips; // not reported yet: the node's routes wait (the planner says so)
        }

        if (addresses.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new NodeProblem(name, "status.addresses", $"expected an array, found {Describe(addresses)}"));
            return ips;
        }

        var index = 0;
        foreach (var entry in addresses.EnumerateArray())
        {
            var field = $"status.addresses[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                problems.Add(new NodeProblem(name, field, "expected an object with a string \"type\""));
                continue;
            }

            if (type.GetString() != "InternalIP")
            {
                continue; // Hostname, ExternalIP, InternalDNS…: not a next hop on the node network
            }

            if (!entry.TryGetProperty("address", out var value) || value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new NodeProblem(name, $"{field}.address", "an InternalIP without a string \"address\""));
            }
            else if (!StrictIp.TryParseAddress(value.GetString()!, out var ip))
            {
                problems.Add(new NodeProblem(name, $"{field}.address", $"\"{value.GetString()}\" is not an IPv4 or IPv6 address"));
            }
            else if (!ips.Contains(ip))
            {
                ips.Add(ip);
            }
        }

        return ips;
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };
}
