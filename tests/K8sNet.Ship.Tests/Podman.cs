using K8sNet.Testing;

namespace K8sNet.Ship.Tests;

/// <summary>
/// podman as Debian 12 ships it (4.3), with no system state: storage, run and temp directories in the test's
/// directory (vfs driver), a private mount namespace whose tmpfs over /var/lib takes podman's blob cache
/// (/var/lib/containers/cache), runc with cgroupfs (crun refuses this machine's cgroup v1 "hybrid" layout), entered
/// into the test's netns with nsenter --net (`ip netns exec` would remount /sys and hide the cgroups).
/// </summary>
internal sealed class Podman(string dir, TestNetNs netns)
{
    // Below this machine's hard limits: podman's defaults would raise them, and the machine lacks CAP_SYS_RESOURCE.
    private static readonly string[] Limits = ["--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"];

    public CommandResult Run(params string[] args)
    {
        List<string> podman =
        [
            "podman", "--root", Path.Combine(dir, "podman-root"), "--runroot", Path.Combine(dir, "podman-run"),
            "--tmpdir", Path.Combine(dir, "podman-tmp"), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
            "--runtime", "runc", "--events-backend", "none",
            // Its network config (and the cni.lock it takes there) in the temp dir too: podman otherwise creates
            // /etc/cni/net.d on the machine even for --network host/none.
            "--network-config-dir", Path.Combine(dir, "podman-net"),
            args[0], .. args[0] == "run" ? Limits : [], .. args.Skip(1),
        ];
        return Command.Run("unshare", [
            "--mount", "--propagation", "private", "--", "bash", "-c",
            "mount -t tmpfs k8snet-podman /var/lib && exec nsenter --net=\"$0\" \"$@\"", netns.Path, .. podman,
        ], timeout: TimeSpan.FromMinutes(2));
    }
}
