using K8sNet.Cni;

namespace K8sNet;

/// <summary>The real process: environment variables and the raw standard streams (no Console encoders).</summary>
internal sealed class ProcessCniEnvironment : ICniEnvironment
{
    public string? GetEnv(string name) => Environment.GetEnvironmentVariable(name);

    public Stream Stdin { get; } = Linux.FdStream.StandardInput();

    public Stream Stdout { get; } = Linux.FdStream.StandardOutput();
}
