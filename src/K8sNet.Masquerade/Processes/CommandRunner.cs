using System.Text;
using K8sNet.Linux.Processes;

namespace K8sNet.Masquerade.Processes;

/// <summary>
/// Runs the node's firewall tools (iptables-restore, nft) by name through <see cref="ProcessRunner"/>: finds them
/// on the runtime's PATH or the standard sbin directories, and reports failures as <see cref="MasqueradeException"/>.
/// </summary>
public sealed class CommandRunner : ICommandRunner
{
    /// <summary>
    /// Runtimes hand plugins a short PATH (sometimes none); iptables lives in /usr/sbin or /sbin on every distro
    /// we support, so those are searched after PATH.
    /// </summary>
    private static readonly string[] FallbackDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    private readonly TimeSpan _timeout;
    private readonly string? _searchPath;

    /// <param name="searchPath">The PATH the runtime gave the plugin; may be null.</param>
    /// <param name="timeout">How long one run may take; iptables --wait can queue behind kube-proxy's lock.</param>
    public CommandRunner(string? searchPath, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _searchPath = searchPath;
    }

    /// <summary>The runner every plugin verb and operator command uses: PATH as the runtime or the shell gave it.</summary>
    public static CommandRunner FromProcessEnvironment() => new(Environment.GetEnvironmentVariable("PATH"));

    public ProcessOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        var path = Locate(program) ?? throw new MasqueradeException(
            $"{program} not found in PATH or {string.Join(", ", FallbackDirectories)}; ipMasq needs the iptables package on the node",
            programMissing: true);
        try
        {
            return ProcessRunner.Run(new ProcessRequest(path, arguments)
            {
                Stdin = stdin is null ? default : Encoding.UTF8.GetBytes(stdin),
                Timeout = _timeout,
            });
        }
        catch (ProcessRunException e)
        {
            throw new MasqueradeException(e.Message, e);
        }
    }

    private string? Locate(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var dir in (_searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Path.Combine(dir, program) is var candidate && File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var dir in FallbackDirectories)
        {
            if (Path.Combine(dir, program) is var candidate && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
