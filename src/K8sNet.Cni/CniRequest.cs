namespace K8sNet.Cni;

/// <summary>One invocation: the CNI_* variables, already checked, plus the raw config from stdin.</summary>
public sealed record CniRequest(
    CniCommand Command,
    string ContainerId,
    string NetNs,
    string IfName,
    CniArgs Args,
    string CniArgsRaw,
    IReadOnlyList<string> Path,
    byte[] StdinData);
