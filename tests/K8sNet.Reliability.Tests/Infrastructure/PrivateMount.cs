using System.Diagnostics;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>
/// A mount namespace of its own, held open by a sleeping process, for file systems the host must never see (a tiny or
/// read-only tmpfs over a test's dataDir). Its propagation is "slave": the host's new mounts (pod netns files) show up
/// inside, nothing mounted inside shows up on the host. Plugin runs enter it through <see cref="Prefix"/>. Disposing
/// kills the holder, and the namespace and its mounts go with it.
/// </summary>
public sealed class PrivateMount : IDisposable
{
    private readonly Process _holder;

    public PrivateMount()
    {
        _holder = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--propagation", "slave", "sleep", "infinity"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start unshare");
        var own = Command.Sh("readlink /proc/self/ns/mnt").Trim();
        var deadline = Stopwatch.StartNew();
        // unshare enters the new namespace, then execs sleep: wait until the holder is in a namespace other than ours.
        while (Command.TrySh($"readlink /proc/{_holder.Id}/ns/mnt").Stdout.Trim() is var ns && (ns == own || ns.Length == 0))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                Dispose();
                throw new InvalidOperationException("unshare did not enter a new mount namespace");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>The command that runs the rest of a command line inside this mount namespace.</summary>
    public IReadOnlyList<string> Prefix => ["nsenter", "-t", _holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "--"];

    /// <summary>Runs a shell script inside the namespace; fails on a non-zero exit.</summary>
    public string Exec(string script) =>
        Command.Run(Prefix[0], [.. Prefix.Skip(1), "/bin/bash", "-c", script]).EnsureSuccess(script).Stdout;

    public CommandResult TryExec(string script) => Command.Run(Prefix[0], [.. Prefix.Skip(1), "/bin/bash", "-c", script]);

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> over <paramref name="path"/>, visible only in this namespace.</summary>
    public void MountTmpfs(string path, int kibibytes) => Exec($"mount -t tmpfs -o size={kibibytes}k,mode=0700 k8snet-test {path}");

    public void Remount(string path, string options) => Exec($"mount -o remount,{options} {path}");

    /// <summary>
    /// Makes <paramref name="path"/> read-only while plugins may be writing to it. The kernel refuses a read-only remount
    /// with EBUSY while any file on it is open for writing, which a running ADD's lease file is for a few microseconds:
    /// retry in a tight loop inside the namespace (no process start per try) until a moment with no writer comes.
    /// </summary>
    public void RemountReadOnlyWhileBusy(string path) => Exec(
        $"for try in $(seq 20000); do mount -o remount,ro {path} 2>/dev/null && exit 0; done; mount -o remount,ro {path}");

    public void Dispose()
    {
        try
        {
            _holder.Kill();
            _holder.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _holder.Dispose();
    }
}
