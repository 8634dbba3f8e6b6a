using K8sNet.Linux.Processes;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Masquerade.Tests;

/// <summary>
/// Runs every program of the backend through <c>ip netns exec NS</c>, so the production code paths act on a
/// throwaway namespace's nat table and never on the machine's.
/// </summary>
internal sealed class NetNsRunner(string netns) : ICommandRunner
{
    private readonly CommandRunner _inner = new("/usr/sbin:/usr/bin:/sbin:/bin", TimeSpan.FromSeconds(30));

    private int _runs;

    public int Runs => _runs;

    public ProcessOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        Interlocked.Increment(ref _runs);
        return _inner.Run("ip", ["netns", "exec", netns, program, .. arguments], stdin);
    }
}
