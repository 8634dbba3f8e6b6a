using System.Diagnostics;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// A containerd 1.6 of the test's own, never the system's: started with its own config, root, state, socket and
/// TMPDIR, inside the throwaway node netns and a private mount namespace (StartScript) where /run, /var/lib and
/// /var/log are fresh tmpfs and /var/lib/cni, /var/log/k8snet, /etc/cni/net.d are the node's temp dirs. Everything
/// it starts (shims, pause processes, CNI plugins) inherits that. Dispose ends containerd and every process left in
/// its mount namespace, by pid.
/// </summary>
public sealed class PrivateContainerd : IDisposable
{
    private readonly NodeDirs _dirs;
    private readonly Process _process;
    private readonly string _mountNs;

    private PrivateContainerd(NodeDirs dirs, Process process, string mountNs)
    {
        _dirs = dirs;
        _process = process;
        _mountNs = mountNs;
    }

    /// <summary>Starts containerd in <paramref name="node"/> and waits until it answers on its socket.</summary>
    public static PrivateContainerd Start(TestNetNs node, NodeDirs dirs)
    {
        File.WriteAllText(dirs.ConfigToml, ContainerdConfig.Render(dirs));
        File.WriteAllText(dirs.StartScript, StartScript(dirs));
        var start = new ProcessStartInfo("nsenter") { UseShellExecute = false };
        foreach (var argument in new[] { $"--net={node.Path}", "--", "unshare", "--mount", "--propagation", "private", "--", "/bin/sh", dirs.StartScript })
        {
            start.ArgumentList.Add(argument);
        }

        // nsenter, unshare and sh all exec the next program, so this pid becomes containerd's. Not `ip netns exec`: its
        // fresh /sys has no cgroup mounts, which runc needs (the script mounts a node sysfs and keeps the cgroups).
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start containerd");
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && ReadComm(process.Id) != "containerd" && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
        }

        if (process.HasExited)
        {
            throw new InvalidOperationException($"containerd exited {process.ExitCode} at start:\n{Tail(dirs.ContainerdLog)}");
        }

        var mountNs = File.ResolveLinkTarget($"/proc/{process.Id}/ns/mnt", returnFinalTarget: false)?.ToString()
            ?? throw new InvalidOperationException("containerd's mount namespace is unreadable");
        return new PrivateContainerd(dirs, process, mountNs);
    }

    /// <summary>Fails with containerd's log when it died; the harness calls this while it waits for an answer.</summary>
    public void EnsureRunning()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"containerd exited {_process.ExitCode}:\n{Tail(_dirs.ContainerdLog)}");
        }
    }

    /// <summary>The last lines containerd logged, for failure messages.</summary>
    public string LogTail() => Tail(_dirs.ContainerdLog);

    /// <summary>Imports an OCI archive into the CRI's namespace (k8s.io), unpacked for the CRI's snapshotter.</summary>
    public void Import(string archive) =>
        Command.Run("ctr", ["-a", _dirs.Socket, "-n", "k8s.io", "images", "import", "--snapshotter", "native", archive],
            environment: new Dictionary<string, string?> { ["TMPDIR"] = _dirs.Tmp }).EnsureSuccess("ctr images import");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Command.Run("kill", ["-TERM", _process.Id.ToString()]);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        // Shims outlive containerd by design; they, and the pause processes they started, are ours to end.
        for (var round = 0; round < 50; round++)
        {
            var shims = ProcessesInMountNs(_mountNs);
            if (shims.Count == 0)
            {
                break;
            }

            var children = Children(shims);
            Command.Run("kill", ["-KILL", .. children.Concat(shims).Select(p => p.ToString())]);
            Thread.Sleep(100);
        }

        _process.Dispose();
    }

    private static string StartScript(NodeDirs dirs) => $"""
        set -eu
        # What fails here (a mount) lands in containerd's log, which the harness shows when containerd does not start.
        exec </dev/null >>{dirs.ContainerdLog} 2>&1
        # Only this mount namespace sees what follows; it goes away with its last process.
        # A sysfs of the node netns (as `ip netns exec` mounts one), with the machine's cgroup hierarchies kept for runc.
        mount --rbind /sys/fs/cgroup {dirs.CgroupHold}
        mount -t sysfs k8snet-cri /sys
        mount --rbind {dirs.CgroupHold} /sys/fs/cgroup
        umount -l {dirs.CgroupHold}
        # /run: shim sockets (/run/containerd/s), runc's defaults, xtables.lock. /var/run links here on Debian.
        mount -t tmpfs -o mode=755,size=16m k8snet-cri /run
        [ -L /var/run ] || mount -t tmpfs -o mode=755,size=16m k8snet-cri /var/run
        # /var/lib/cni: libcni's result cache and host-local's leases, in the node's temp dir.
        mount -t tmpfs -o mode=755,size=1m k8snet-cri /var/lib
        mkdir /var/lib/cni
        mount --bind {dirs.CniState} /var/lib/cni
        # /var/log/k8snet: the plugin's default log file.
        mount -t tmpfs -o mode=755,size=1m k8snet-cri /var/log
        mkdir /var/log/k8snet
        mount --bind {dirs.Log} /var/log/k8snet
        # The well-known CNI dirs, where they exist, are the node's too (the config names the temp dirs anyway).
        if [ -d /etc/cni/net.d ]; then mount --bind {dirs.CniConf} /etc/cni/net.d; fi
        if [ -d /opt/cni/bin ]; then mount --bind {dirs.CniBin} /opt/cni/bin; fi
        export TMPDIR={dirs.Tmp}
        exec containerd --config {dirs.ConfigToml}
        """;

    private static List<int> ProcessesInMountNs(string mountNs)
    {
        var found = new List<int>();
        foreach (var pid in AllPids())
        {
            try
            {
                if (File.ResolveLinkTarget($"/proc/{pid}/ns/mnt", returnFinalTarget: false)?.ToString() == mountNs)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static List<int> Children(List<int> parents)
    {
        var children = new List<int>();
        foreach (var pid in AllPids())
        {
            try
            {
                var ppid = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (ppid is not null && parents.Contains(int.Parse(ppid[5..].Trim())))
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return children;
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!));

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(30)) : "(no containerd log)";
}
