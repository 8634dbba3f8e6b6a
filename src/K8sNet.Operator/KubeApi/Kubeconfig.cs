namespace K8sNet.Operator.KubeApi;

/// <summary>
/// The API server URL of a kubeconfig's current context (current-context → contexts[].context.cluster →
/// clusters[].cluster.server), read line by line from the block style kubectl writes; nothing else of the file is
/// used (credentials belong to the proxy). Only an http:// server works (see <see cref="ApiServerUrl"/>).
/// </summary>
public static class Kubeconfig
{
    public static string Server(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeApiException($"--kubeconfig {path}: {ex.Message}");
        }

        string? current = null, section = null;
        var clusters = new List<(string? Name, string? Server)>();
        var contexts = new List<(string? Name, string? Cluster)>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]) && line[0] != '-')
            {
                section = Key(line);
                if (section == "current-context")
                {
                    current = Value(line);
                }

                continue;
            }

            var item = line.TrimStart();
            var starts = item.StartsWith("- ", StringComparison.Ordinal);
            if (starts)
            {
                item = item[2..].TrimStart();
                if (section == "clusters") { clusters.Add((null, null)); }
                if (section == "contexts") { contexts.Add((null, null)); }
            }

            var key = Key(item);
            if (section == "clusters" && clusters.Count > 0)
            {
                var c = clusters[^1];
                clusters[^1] = key switch { "name" => (Value(item), c.Server), "server" => (c.Name, Value(item)), _ => c };
            }
            else if (section == "contexts" && contexts.Count > 0)
            {
                var c = contexts[^1];
                contexts[^1] = key switch { "name" => (Value(item), c.Cluster), "cluster" => (c.Name, Value(item)), _ => c };
            }
        }

        var cluster = contexts.Find(c => c.Name == current).Cluster
            ?? (clusters.Count == 1 ? clusters[0].Name : null)
            ?? throw new KubeApiException($"--kubeconfig {path}: no current-context naming a context with a cluster");
        return clusters.Find(c => c.Name == cluster).Server
            ?? throw new KubeApiException($"--kubeconfig {path}: cluster \"{cluster}\" has no server");
    }

    private static string Key(string item)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? item : item[..colon].Trim();
    }

    private static string? Value(string item)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? string.Empty : item[(colon + 1)..].Trim();
        return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value.Length == 0 ? null : value;
    }
}
