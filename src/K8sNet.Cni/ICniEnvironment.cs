namespace K8sNet.Cni;

/// <summary>The process as the runtime sees it. Injected so the protocol is tested with a dictionary and buffers.</summary>
public interface ICniEnvironment
{
    string? GetEnv(string name);

    Stream Stdin { get; }

    Stream Stdout { get; }
}
