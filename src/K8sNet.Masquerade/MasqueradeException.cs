namespace K8sNet.Masquerade;

/// <summary>
/// Masquerade rules could not be installed, removed or verified. The bridge maps it to a CNI error
/// (this library knows nothing of the CNI protocol).
/// </summary>
public sealed class MasqueradeException : Exception
{
    public MasqueradeException(string message, Exception? inner = null, bool programMissing = false)
        : base(message, inner)
    {
        ProgramMissing = programMissing;
    }

    /// <summary>The iptables program is not installed, so no rule of its kind can exist either.</summary>
    public bool ProgramMissing { get; }
}
