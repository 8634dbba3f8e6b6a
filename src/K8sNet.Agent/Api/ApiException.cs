namespace K8sNet.Agent.Api;

/// <summary>
/// The API server could not be used, said in one line an operator can act on ("certificate for another name …",
/// "401 Unauthorized …"). <see cref="Refused"/>: the server or its answer was refused for a reason a retry will not
/// change by itself (TLS verification, 401, 403, a bad kubeconfig); before the agent ever synced, that ends it.
/// </summary>
public sealed class ApiException(string message, int status = 0, bool refused = false) : Exception(message)
{
    /// <summary>The HTTP status, 0 when there was no answer.</summary>
    public int Status { get; } = status;

    public bool Refused { get; } = refused;
}

/// <summary>A watch stream that is not a stream of events (not JSON, not an event, an unknown type): the watch is retried.</summary>
public sealed class WatchStreamException(string message) : Exception(message);
