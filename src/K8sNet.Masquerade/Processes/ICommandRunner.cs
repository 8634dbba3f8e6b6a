using K8sNet.Linux.Processes;

namespace K8sNet.Masquerade.Processes;

/// <summary>
/// Starts a program by name, feeds it stdin and waits. The seam that lets tests run the same backend inside a
/// throwaway namespace (wrapping with <c>ip netns exec</c>) or against a fake.
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> (a bare name, looked up the usual way). Throws
    /// <see cref="MasqueradeException"/> when it cannot be found or started, or does not finish in time; a non-zero
    /// exit is returned, not thrown.
    /// </summary>
    ProcessOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null);
}
