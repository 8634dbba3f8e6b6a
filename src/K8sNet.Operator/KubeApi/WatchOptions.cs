namespace K8sNet.Operator.KubeApi;

/// <param name="Resync">How long one watch request lasts (its timeoutSeconds); when it ends the routes are reconciled
/// again from the cache, which also repairs a route someone deleted by hand.</param>
/// <param name="MaxEvents">Stop after this many watch events (0: never); for tests and one-shot runs.</param>
/// <param name="MaxBackoff">The longest wait between retries after an error.</param>
public sealed record WatchOptions(TimeSpan Resync, int MaxEvents, TimeSpan MaxBackoff)
{
    public static readonly WatchOptions Default = new(TimeSpan.FromMinutes(5), 0, TimeSpan.FromSeconds(30));
}
