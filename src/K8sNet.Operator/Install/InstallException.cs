namespace K8sNet.Operator.Install;

/// <summary>install cannot go on; the message says why in plain words (bad option, refused overwrite, I/O).</summary>
public sealed class InstallException(string message) : Exception(message);
