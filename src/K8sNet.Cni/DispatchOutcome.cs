using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace K8sNet.Cni;

/// <summary>What one invocation did, for the exit code and the one log line per verb.</summary>
public sealed class DispatchOutcome
{
    public CniCommand? Command { get; set; }

    public string? ContainerId { get; set; }

    public string? NetNs { get; set; }

    public string? IfName { get; set; }

    /// <summary>The version error objects are written in: the config's, once known.</summary>
    public string? ErrorVersion { get; set; }

    public ILogger? Logger { get; set; }

    public int ExitCode { get; private set; }

    public CniErrorCode? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string? ErrorDetails { get; private set; }

    public TimeSpan Duration { get; private set; }

    public DispatchOutcome Succeeded(Stopwatch clock)
    {
        Duration = clock.Elapsed;
        ExitCode = 0;
        return this;
    }

    public DispatchOutcome Failed(Stopwatch clock, CniErrorCode code, string message, string? details)
    {
        Duration = clock.Elapsed;
        ExitCode = 1;
        ErrorCode = code;
        ErrorMessage = message;
        ErrorDetails = details;
        return this;
    }
}
