using System.Text;

namespace K8sNet.Operator.Tests.Routes;

/// <summary>Node objects in the API server's JSON shape, trimmed to what matters plus a few fields that do not.</summary>
internal static class NodeLists
{
    public static string Node(string name, string internalIp, params string[] podCidrs)
    {
        var spec = podCidrs.Length > 0
            ? $"\"podCIDR\":\"{podCidrs[0]}\",\"podCIDRs\":[{string.Join(",", podCidrs.Select(c => $"\"{c}\""))}]"
            : "\"unschedulable\":false";
        return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"17\",\"labels\":{\"kubernetes.io/os\":\"linux\"}}," +
            "\"spec\":{" + spec + "},\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"" + internalIp + "\"},{\"type\":\"Hostname\",\"address\":\"" + name + "\"}]," +
            "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    }

    public static string List(params string[] nodes) =>
        $$"""{"apiVersion":"v1","kind":"NodeList","metadata":{"resourceVersion":"4242"},"items":[{{string.Join(",", nodes)}}]}""";

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The seeds' three workers: w&lt;i&gt; at 10.240.0.2&lt;i&gt; with 10.200.&lt;i&gt;.0/24.</summary>
    public static string Seeds(int count = 3) =>
        List(Enumerable.Range(0, count).Select(i => Node($"w{i}", $"10.240.0.2{i}", $"10.200.{i}.0/24")).ToArray());
}
