namespace K8sNet.Linux.Processes;

/// <summary>One program to run: its full path, arguments, extra environment, stdin and how long it may take.</summary>
/// <param name="Path">The program's full path; finding it (PATH, CNI_PATH) is the caller's business.</param>
/// <param name="Arguments">argv[1..], passed as they are (no shell).</param>
public sealed record ProcessRequest(string Path, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set or replaced on top of this process's own environment, which the child inherits.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Written to the child's stdin, which is then closed.</summary>
    public ReadOnlyMemory<byte> Stdin { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>What a finished program returned.</summary>
public sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>The program could not be started, or did not finish in time (then it was killed).</summary>
public sealed class ProcessRunException(string message, bool timedOut, Exception? inner = null) : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;
}
