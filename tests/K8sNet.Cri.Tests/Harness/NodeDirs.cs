namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// Every path one CRI node uses, all under one temp directory (removed with the node). Paths stay short: the
/// containerd socket path must fit a sockaddr_un (108 bytes).
/// </summary>
public sealed record NodeDirs(string Base)
{
    public static NodeDirs Create()
    {
        var dirs = new NodeDirs(Directory.CreateTempSubdirectory("k8snet-cri-").FullName);
        foreach (var dir in new[] { dirs.Root, dirs.State, dirs.Tmp, dirs.CniBin, dirs.CniConf, dirs.CniState, dirs.Log, dirs.RuncRoot, dirs.CgroupHold })
        {
            Directory.CreateDirectory(dir);
        }

        return dirs;
    }

    public string Root => Path.Combine(Base, "root");

    public string State => Path.Combine(Base, "state");

    public string Socket => Path.Combine(Base, "containerd.sock");

    public string Tmp => Path.Combine(Base, "tmp");

    public string RuncRoot => Path.Combine(Base, "runc");

    /// <summary>The CNI bin dir: K8sNet's binary under each plugin name, nothing else.</summary>
    public string CniBin => Path.Combine(Base, "bin");

    /// <summary>The CNI conf dir: what `k8snet install` wrote.</summary>
    public string CniConf => Path.Combine(Base, "net.d");

    /// <summary>Mounted over /var/lib/cni inside the node: libcni's result cache (results/) and the leases (networks/).</summary>
    public string CniState => Path.Combine(Base, "cni");

    /// <summary>Mounted over /var/log/k8snet inside the node: the plugin's default log file lands here.</summary>
    public string Log => Path.Combine(Base, "log");

    /// <summary>An empty mount point the start script parks the cgroup hierarchies on while it mounts the node's sysfs.</summary>
    public string CgroupHold => Path.Combine(Base, "cgroup");

    public string PluginLog => Path.Combine(Log, "k8snet.log");

    public string ConfigToml => Path.Combine(Base, "config.toml");

    public string ContainerdLog => Path.Combine(Base, "containerd.log");

    public string StartScript => Path.Combine(Base, "start.sh");
}
