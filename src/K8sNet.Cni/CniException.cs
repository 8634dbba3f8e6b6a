namespace K8sNet.Cni;

/// <summary>
/// A failure with a protocol meaning. Thrown where the code is known; the dispatcher turns it into the one
/// error object the runtime reads on stdout.
/// </summary>
public sealed class CniException : Exception
{
    public CniException(CniErrorCode code, string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details;
    }

    public CniErrorCode Code { get; }

    public string? Details { get; }

    public static CniException InvalidConfig(string field, string reason) =>
        new(CniErrorCode.InvalidConfig, $"invalid config: {field}: {reason}");
}
