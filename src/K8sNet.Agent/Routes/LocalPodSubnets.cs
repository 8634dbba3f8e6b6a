using System.Text.Json;

namespace K8sNet.Agent.Routes;

/// <summary>
/// The pod subnet(s) this node's CNI config hands out: of the first config file the runtime would load (containerd
/// and CRI-O take conf-dir's *.conf, *.conflist, *.json in name order), the bridge/k8snet plugin's
/// ipam.ranges[][].subnet (or the older ipam.subnet). That is what Kubernetes The Hard Way writes in 10-bridge.conf,
/// and what `k8snet install` writes in 10-k8snet.conflist. The files are untrusted input: anything unexpected gives
/// no subnet, never an exception.
/// </summary>
public static class LocalPodSubnets
{
    public sealed record Found(string ConfigPath, IReadOnlyList<string> Subnets);

    public static Found? Read(string confDir)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(confDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (Path.GetExtension(file) is ".conf" or ".conflist" or ".json" && Subnets(file) is { Count: > 0 } subnets)
            {
                return new Found(file, subnets);
            }
        }

        return null;
    }

    private static List<string>? Subnets(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > 1024 * 1024)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var plugins = root.TryGetProperty("plugins", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [root];
            foreach (var plugin in plugins)
            {
                if (plugin.ValueKind == JsonValueKind.Object && Text(plugin, "type") is "bridge" or "k8snet"
                    && plugin.TryGetProperty("ipam", out var ipam) && ipam.ValueKind == JsonValueKind.Object)
                {
                    return FromIpam(ipam);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
        }

        return null;
    }

    private static List<string> FromIpam(JsonElement ipam)
    {
        var subnets = new List<string>();
        if (ipam.TryGetProperty("ranges", out var ranges) && ranges.ValueKind == JsonValueKind.Array)
        {
            foreach (var set in ranges.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Array))
            {
                foreach (var range in set.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
                {
                    if (Text(range, "subnet") is { } subnet && !subnets.Contains(subnet))
                    {
                        subnets.Add(subnet);
                    }
                }
            }
        }
        else if (Text(ipam, "subnet") is { } single)
        {
            subnets.Add(single);
        }

        return subnets;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
