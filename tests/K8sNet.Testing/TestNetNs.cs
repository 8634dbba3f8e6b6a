namespace K8sNet.Testing;

/// <summary>
/// A throwaway network namespace with a unique name, deleted on dispose (also when the test failed). Tests put
/// their "node" and "pods" in these, so nothing ever changes the machine's own namespace.
/// </summary>
public sealed class TestNetNs : IDisposable
{
    private static int _counter;

    private TestNetNs(string name)
    {
        Name = name;
    }

    /// <summary>The name under /run/netns.</summary>
    public string Name { get; }

    /// <summary>The path a CNI runtime would pass as CNI_NETNS.</summary>
    public string Path => $"/run/netns/{Name}";

    /// <summary>Creates the namespace with loopback up. Names are short (they may become interface-name parts).</summary>
    public static TestNetNs Create(string role)
    {
        var unique = $"k8t-{role}-{Environment.ProcessId % 100000}-{Interlocked.Increment(ref _counter)}";
        Command.Sh($"ip netns add {unique}");
        var ns = new TestNetNs(unique);
        ns.Exec("ip link set lo up");
        return ns;
    }

    /// <summary>Runs a shell command inside the namespace and returns stdout; fails the test on a non-zero exit.</summary>
    public string Exec(string script) => Command.Sh($"ip netns exec {Name} bash -c {Quote(script)}");

    public CommandResult TryExec(string script) => Command.TrySh($"ip netns exec {Name} bash -c {Quote(script)}");

    public void Dispose()
    {
        // Processes still inside (there should be none) would keep it alive; the mount goes regardless.
        Command.TrySh($"ip netns pids {Name} 2>/dev/null | xargs -r kill -9; ip netns del {Name} 2>/dev/null");
    }

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
