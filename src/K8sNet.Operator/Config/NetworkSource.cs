namespace K8sNet.Operator.Config;

/// <summary>
/// Where the operator commands find the K8sNet networks of a node: one file (<c>--config</c>), or every
/// <c>*.conf</c>/<c>*.conflist</c>/<c>*.json</c> in the conf dir (as libcni lists them) that has a K8sNet member.
/// </summary>
public static class NetworkSource
{
    public const string DefaultConfDir = "/etc/cni/net.d";

    private static readonly string[] Extensions = [".conf", ".conflist", ".json"];

    /// <summary>Networks with the warnings about files that were skipped (unreadable, invalid) for stderr.</summary>
    public static (IReadOnlyList<K8sNetNetwork> Networks, IReadOnlyList<string> Warnings) Load(string? configFile, string? confDir, string? networkName = null)
    {
        var warnings = new List<string>();
        var files = configFile is not null ? [configFile] : ConfigFiles(confDir ?? DefaultConfDir);
        var networks = new List<K8sNetNetwork>();
        foreach (var file in files)
        {
            try
            {
                networks.AddRange(K8sNetNetwork.From(NetworkConfigFile.Load(file)));
            }
            catch (Exception ex) when (ex is ConfigFileException or K8sNet.Cni.CniException)
            {
                if (configFile is not null)
                {
                    throw new ConfigFileException(file, ex.Message);
                }

                warnings.Add($"skipped {file}: {ex.Message}");
            }
        }

        if (networkName is not null)
        {
            networks = networks.Where(n => n.Name == networkName).ToList();
        }

        // Two files for one network (a .conf and a .conflist) describe one lease directory: inspect it once.
        return (networks.DistinctBy(n => (n.Name, n.NetworkDir, n.Bridge)).ToList(), warnings);
    }

    public static IReadOnlyList<string> ConfigFiles(string confDir)
    {
        if (!Directory.Exists(confDir))
        {
            throw new ConfigFileException("--conf-dir", $"{confDir} does not exist");
        }

        return Directory.EnumerateFiles(confDir)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
