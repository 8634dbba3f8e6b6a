namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// The private containerd's config.toml (schema version 2, containerd 1.6): its own root, state and sockets, the CRI
/// plugin with CNI pointed at the test's bin and conf dirs, and nothing a sandbox-only test does not need.
/// </summary>
internal static class ContainerdConfig
{
    /// <summary>Plugins that would only probe the machine or listen somewhere: snapshotters other than native, tracing.</summary>
    private static readonly string[] Disabled =
    [
        "io.containerd.snapshotter.v1.aufs",
        "io.containerd.snapshotter.v1.btrfs",
        "io.containerd.snapshotter.v1.devmapper",
        "io.containerd.snapshotter.v1.zfs",
        "io.containerd.snapshotter.v1.overlayfs",
        "io.containerd.tracing.processor.v1.otlp",
        "io.containerd.internal.v1.tracing",
    ];

    public static string Render(NodeDirs dirs) => $"""
        version = 2
        root = "{dirs.Root}"
        state = "{dirs.State}"
        disabled_plugins = [{string.Join(", ", Disabled.Select(p => $"\"{p}\""))}]

        [grpc]
          address = "{dirs.Socket}"
        [ttrpc]
          address = "{dirs.Socket}.ttrpc"
        [debug]
          address = ""
        [metrics]
          address = ""

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{PauseImage.Reference}"
          # Pod netns files under the CRI state dir (a temp dir), not /var/run/netns.
          netns_mounts_under_state_dir = true
          disable_tcp_service = true
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          enable_selinux = false
          disable_apparmor = true
          # The sandbox asks for oom_score_adj -998; lowering it needs CAP_SYS_RESOURCE, which a CI sandbox may not
          # grant: keep it at containerd's own value.
          restrict_oom_score_adj = true
          # cgroupfs (no systemd here); the pods' cgroup_parent is the node's own, removed with it.
          systemd_cgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{dirs.CniBin}"
            conf_dir = "{dirs.CniConf}"
            max_conf_num = 1
          [plugins."io.containerd.grpc.v1.cri".containerd]
            # native: the image is one small layer, and native works on any filesystem /tmp is on.
            snapshotter = "native"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
                Root = "{dirs.RuncRoot}"
        """;
}
