using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// What an ADD and a DEL of the seed's config must not do, seen with strace on the published binary (issue 7): start
/// another program, read /proc/self/mountinfo (the runtime's cgroup probes, linked out in src/K8sNet/Native; the file
/// grows with every pod on a node), read /proc/stat, or fsync.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class HotPathTests : IDisposable
{
    private readonly CniNode _node = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-hotpath-").FullName;

    [RootFact]
    public void Add_and_del_exec_nothing_and_read_neither_mountinfo_nor_proc_stat_nor_fsync()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        _node.Add(_node.NewPod(), "first-pod", config).ExitCode.Should().Be(0, "the network's first pod sets up bridge and rule");

        var add = _node.Add(pod, "traced-pod", config, binary: Traced("add"));
        var del = _node.Del(pod.Path, "traced-pod", config, binary: Traced("del"));

        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        foreach (var verb in new[] { "add", "del" })
        {
            var trace = File.ReadAllLines(Path.Combine(_dir, verb + ".trace"));
            trace.Where(l => l.Contains("execve(", StringComparison.Ordinal) && !l.Contains("resumed", StringComparison.Ordinal))
                .Should().ContainSingle($"{verb} runs no other program (the one execve is its own start)");
            trace.Where(l => l.Contains("mountinfo", StringComparison.Ordinal)).Should().BeEmpty($"{verb} does not read the mount table");
            trace.Where(l => l.Contains("\"/proc/stat\"", StringComparison.Ordinal)).Should().BeEmpty($"{verb} does not read /proc/stat");
            trace.Where(l => l.Contains("fsync(", StringComparison.Ordinal) || l.Contains("fdatasync(", StringComparison.Ordinal)).Should().BeEmpty($"{verb} does not fsync");
            trace.Should().Contain(l => l.Contains("openat(", StringComparison.Ordinal), "the trace did record the run");
        }
    }

    /// <summary>A wrapper that runs the published binary under strace, as the runtime would run the plugin itself.</summary>
    private string Traced(string name)
    {
        var wrapper = Path.Combine(_dir, name + "-k8snet");
        var trace = Path.Combine(_dir, name + ".trace");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec strace -f -qq -o '{trace}' -e trace=execve,openat,open,fsync,fdatasync '{PublishedBinary.Path}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }

    public void Dispose()
    {
        _node.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
