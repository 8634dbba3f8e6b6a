using System.Text.Json.Nodes;

namespace K8sNet.Testing.KubeApi;

/// <summary>Node objects in the shape the API server stores them (metadata, spec, status with addresses and conditions).</summary>
public static class NodeObjects
{
    /// <summary>A Node with an InternalIP, pod CIDRs (none: podCIDR unset, as in Kubernetes The Hard Way) and a Ready condition.</summary>
    public static JsonObject Node(string name, string internalIp, params string[] podCidrs)
    {
        var spec = new JsonObject();
        if (podCidrs.Length > 0)
        {
            spec["podCIDR"] = podCidrs[0];
            spec["podCIDRs"] = new JsonArray([.. podCidrs.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        return new JsonObject
        {
            ["kind"] = "Node",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" },
                ["creationTimestamp"] = now,
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status",
                    ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now,
                }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.3", ["containerRuntimeVersion"] = "containerd://2.1.0", ["osImage"] = "Debian GNU/Linux 12 (bookworm)" },
            },
        };
    }
}
