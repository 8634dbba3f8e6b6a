using K8sNet.Agent.Api;
using K8sNet.Agent.Serving;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Watch;

/// <summary>
/// List, then watch Nodes, as client-go's reflector does but on the official client's HTTP pipeline:
/// GET /api/v1/nodes?resourceVersion=0 (served from the API server's watch cache, not etcd), then
/// GET /api/v1/nodes?watch=1&amp;allowWatchBookmarks=true&amp;resourceVersion=RV&amp;timeoutSeconds=T, following
/// every event's and bookmark's resourceVersion. A watch that ends, drops or breaks is made again from the last
/// resourceVersion, without a list; only a 410 (ERROR event or answer) or an unusable list makes it list again.
/// Retries and re-lists wait jittered times (<see cref="Backoff"/>). The sink reconciles after every list, after
/// every event that changed a node's pod CIDRs or InternalIPs (status heartbeats change neither: nothing is done), and
/// at the end of every watch request (the periodic resync that repairs a route deleted by hand).
/// </summary>
public sealed class NodeWatcher(ApiClient api, INodeSink sink, AgentMetrics metrics, Backoff backoff, TimeSpan resync, Action<string> log)
{
    private const string Nodes = "/api/v1/nodes";
    private readonly NodeCache _cache = new();
    private bool _streamOpened;

    /// <summary>Runs until cancelled. Throws <see cref="ApiException"/> when refused before the first successful sync.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        var relist = true;
        var failures = 0;
        while (!cancel.IsCancellationRequested)
        {
            _streamOpened = false;
            try
            {
                if (relist)
                {
                    await ListAsync(cancel).ConfigureAwait(false);
                    relist = false;
                }

                var gone = await WatchAsync(cancel).ConfigureAwait(false);
                failures = 0;
                metrics.WatchRestart();
                if (gone)
                {
                    relist = true;
                    metrics.Relist();
                    var wait = backoff.Relist();
                    log($"watch: resourceVersion {_cache.ResourceVersion} is gone (410): listing again in {Seconds(wait)} s");
                    await Task.Delay(wait, cancel).ConfigureAwait(false);
                    continue;
                }

                await sink.ChangedAsync(_cache.Nodes, "resync", cancel).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Refused && !sink.EverSynced)
            {
                throw;
            }
            catch (Exception ex) when (!cancel.IsCancellationRequested && ex is ApiException or WatchStreamException or NodeListException or IOException or HttpRequestException)
            {
                // A watch that was open and then broke starts the backoff afresh: only failures in a row double it.
                failures = _streamOpened ? 1 : failures + 1;
                metrics.Failure();
                if (ex is NodeListException || ex is ApiException { Status: 410 })
                {
                    relist = true;
                    metrics.Relist();
                }
                else if (!relist)
                {
                    metrics.WatchRestart();
                }

                var wait = backoff.Retry(failures);
                log($"{ex.Message.ReplaceLineEndings(" ")}; retrying in {Seconds(wait)} s");
                await Task.Delay(wait, cancel).ConfigureAwait(false);
            }
        }
    }

    private async Task ListAsync(CancellationToken cancel)
    {
        NodeList list;
        using (var response = await api.SendAsync(HttpMethod.Get, $"{Nodes}?resourceVersion=0", null, stream: true, cancel).ConfigureAwait(false))
        {
            // One item at a time: at 5,000 Nodes the whole body is 56 MB (docs/agent-scale.md).
            list = await NodeListStream.ReadAsync(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false), cancel).ConfigureAwait(false);
        }

        _cache.Replace(list, log);
        log($"list: {list.Nodes.Count} node(s) at resourceVersion {list.ResourceVersion}");
        await sink.ChangedAsync(_cache.Nodes, "list", cancel).ConfigureAwait(false);
    }

    /// <summary>One watch request; true when the resourceVersion is gone (410) and the caller must list again.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancel)
    {
        var path = $"{Nodes}?watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(_cache.ResourceVersion ?? "0")}&timeoutSeconds={backoff.WatchSeconds(resync)}";
        HttpResponseMessage response;
        try
        {
            response = await api.SendAsync(HttpMethod.Get, path, null, stream: true, cancel).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Status == 410)
        {
            return true;
        }

        _streamOpened = true;
        using (response)
        {
            // A server that sends nothing (not even a bookmark) for far longer than the request lasts is gone.
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            silence.CancelAfter(resync * 2 + TimeSpan.FromSeconds(60));
            var lines = new LineReader(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false));
            try
            {
                while (await lines.ReadLineAsync(silence.Token).ConfigureAwait(false) is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var change = NodeWatchEvent.Parse(line);
                    metrics.Event(change.Type.ToString().ToUpperInvariant());
                    if (change.Type == WatchEventType.Error)
                    {
                        if (change.ErrorCode == 410)
                        {
                            return true;
                        }

                        throw new ApiException($"watch: ERROR event {change.ErrorCode}: {change.ErrorMessage}", change.ErrorCode ?? 0);
                    }

                    if (_cache.Apply(change, log))
                    {
                        await sink.ChangedAsync(_cache.Nodes, $"{change.Type.ToString().ToUpperInvariant()} {change.Name}", cancel).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new WatchStreamException("watch: the server sent nothing for longer than the request lasts");
            }
        }

        return false;
    }

    private static string Seconds(TimeSpan wait) => wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
