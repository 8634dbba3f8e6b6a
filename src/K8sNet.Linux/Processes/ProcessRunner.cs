using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace K8sNet.Linux.Processes;

/// <summary>
/// The one place in K8sNet that starts processes (iptables for the reference backend, nft for macspoofchk, a
/// delegated IPAM plugin). Runs in the caller's network namespace, so it must never be called from inside a
/// namespace scope (a forked child inherits the thread's netns).
/// </summary>
public static class ProcessRunner
{
    public static ProcessOutput Run(ProcessRequest request)
    {
        var start = new ProcessStartInfo(request.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (request.Environment is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ProcessRunException($"could not start {request.Path}", timedOut: false);
        }
        catch (Win32Exception e)
        {
            throw new ProcessRunException($"could not start {request.Path}: {e.Message}", timedOut: false, e);
        }

        using (process)
        {
            return Complete(process, request);
        }
    }

    private static ProcessOutput Complete(Process process, ProcessRequest request)
    {
        // Both pipes are drained concurrently so a chatty child cannot block on a full pipe while we write.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.BaseStream.Write(request.Stdin.Span);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading everything; its exit code and stderr say why.
        }

        if (!process.WaitForExit(request.Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ProcessRunException(
                $"{request.Path} {string.Join(' ', request.Arguments)} did not finish within {request.Timeout.TotalSeconds:0.###} s",
                timedOut: true);
        }

        process.WaitForExit();
        return new ProcessOutput(process.ExitCode, stdout.Result, stderr.Result);
    }
}
