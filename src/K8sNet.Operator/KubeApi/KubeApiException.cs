namespace K8sNet.Operator.KubeApi;

/// <summary>The API server could not be reached or answered something unusable; the message says which and what to do.</summary>
public sealed class KubeApiException(string message, int? status = null) : Exception(message)
{
    /// <summary>The HTTP status (or a watch ERROR's Status.code), when there was one: 410 means "re-list".</summary>
    public int? Status { get; } = status;
}
