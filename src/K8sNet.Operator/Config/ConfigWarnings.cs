using K8sNet.Cni;

namespace K8sNet.Operator.Config;

/// <summary>
/// What makes a valid config fail anyway: settings K8sNet accepts but a common runtime does not. `config check`
/// prints them as warnings; they do not make the file invalid.
/// </summary>
public static class ConfigWarnings
{
    public static IReadOnlyList<ConfigProblem> For(NetworkConfigFile file)
    {
        var warnings = new List<ConfigProblem>();
        if (CniVersion.TryParse(file.CniVersion, out var version) && version >= CniVersion.V110)
        {
            // containerd 1.6 and 1.7 vendor a libcni whose newest result type is 1.0.0: the plugins run and succeed,
            // then the sandbox fails on reading their result. Its teardown DELs both plugins (tests/K8sNet.Cri.Tests:
            // nothing is left), but no pod ever starts while the runtime still reports the network ready.
            warnings.Add(new ConfigProblem(
                "cniVersion",
                $"{file.CniVersion}: containerd 1.6 and 1.7 fail the pod sandbox after the plugins ran (\"unsupported CNI result version {file.CniVersion}\"), " +
                "so no pod starts although the runtime reports its network ready; use 1.0.0 (what k8snet install writes) unless every runtime on the node speaks 1.1.0"));
        }

        return warnings;
    }

    /// <summary>For a file that cannot even be loaded: no warnings (its problems say why).</summary>
    public static IReadOnlyList<ConfigProblem> For(string path)
    {
        try
        {
            return For(NetworkConfigFile.Load(path));
        }
        catch (ConfigFileException)
        {
            return [];
        }
    }
}
