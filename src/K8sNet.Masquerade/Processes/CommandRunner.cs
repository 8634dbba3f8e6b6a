using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace K8sNet.Masquerade.Processes;

/// <summary>
/// The one place in K8sNet that starts processes. Runs in the caller's network namespace, so it must never be
/// called from inside a namespace scope (a forked child inherits the thread's netns).
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

    /// <param name="searchPath">The PATH the runtime gave the plugin (the composition root reads it); may be null.</param>
    /// <param name="timeout">How long one run may take; iptables --wait can queue behind kube-proxy's lock.</param>
    public CommandRunner(string? searchPath, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _searchPath = searchPath;
    }

    public CommandOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        var path = Locate(program) ?? throw new MasqueradeException(
            $"{program} not found in PATH or {string.Join(", ", FallbackDirectories)}; ipMasq needs the iptables package on the node",
            programMissing: true);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new MasqueradeException($"could not start {path}");
        }
        catch (Win32Exception e)
        {
            throw new MasqueradeException($"could not start {path}: {e.Message}", e);
        }

        using (process)
        {
            return Complete(process, path, arguments, stdin);
        }
    }

    private CommandOutput Complete(Process process, string path, IReadOnlyList<string> arguments, string? stdin)
    {
        // Both pipes are drained concurrently so a chatty child cannot block on a full pipe while we write.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading everything; its exit code and stderr say why.
        }

        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new MasqueradeException($"{path} {string.Join(' ', arguments)} did not finish within {_timeout.TotalSeconds:0.###} s");
        }

        process.WaitForExit();
        return new CommandOutput(process.ExitCode, stdout.Result, stderr.Result);
    }

    private string? Locate(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        return (_searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(FallbackDirectories)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}
