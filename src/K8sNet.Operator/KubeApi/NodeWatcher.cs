using System.Globalization;
using K8sNet.Operator.Routes;

namespace K8sNet.Operator.KubeApi;

/// <summary>
/// List, then watch Nodes, the way client-go's reflector does: GET /api/v1/nodes, then
/// GET /api/v1/nodes?watch=1&amp;resourceVersion=RV&amp;allowWatchBookmarks=true&amp;timeoutSeconds=…, following each
/// event's resourceVersion. An ERROR event with code 410 (or a 410 answer) means the version is gone: list again. A
/// dropped or broken stream is retried from the last version after a backoff (1 s doubling to MaxBackoff). The
/// callback reconciles after the list, after every event that changed a node, and whenever a watch request ends.
/// </summary>
public sealed class NodeWatcher(ApiServerUrl server, WatchOptions options, Action<IReadOnlyList<KubeNode>, string> reconcile, Action<string> log)
{
    private const int MaxLineBytes = 16 * 1024 * 1024;
    private readonly NodeCache _cache = new();
    private int _events;

    /// <summary>Runs until cancelled (SIGTERM) or MaxEvents events were handled; returns the number of events.</summary>
    public int Run(CancellationToken cancel)
    {
        var relist = true;
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                if (relist || _cache.ResourceVersion is null)
                {
                    List(cancel);
                    relist = false;
                }

                var outcome = Watch(cancel);
                backoff = TimeSpan.FromSeconds(1);
                if (outcome == WatchOutcome.Done)
                {
                    break;
                }

                if (outcome == WatchOutcome.Gone)
                {
                    relist = true;
                    log($"watch: resourceVersion {_cache.ResourceVersion} is gone (410): listing again");
                    continue;
                }

                reconcile(_cache.Nodes, "resync");
            }
            catch (Exception ex) when (!cancel.IsCancellationRequested && ex is KubeApiException or IOException or NodeListException)
            {
                relist |= ex is KubeApiException { Status: 410 } or NodeListException;
                log($"{ex.Message}; retrying in {backoff.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
                cancel.WaitHandle.WaitOne(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
            }
        }

        return _events;
    }

    private void List(CancellationToken cancel)
    {
        using var response = HttpGet.Send(server, "/api/v1/nodes", TimeSpan.FromSeconds(60), cancel);
        var body = ReadAll(response.Body);
        if (response.Status != 200)
        {
            throw new KubeApiException($"list: GET {server}/api/v1/nodes answered {response.Status} {response.Reason}: {Excerpt(body)}", response.Status);
        }

        var list = NodeListJson.Parse(body);
        _cache.Replace(list, log);
        log($"list: {list.Nodes.Count} node(s) at resourceVersion {list.ResourceVersion}");
        reconcile(_cache.Nodes, "list");
    }

    private enum WatchOutcome
    {
        Ended,
        Gone,
        Done,
    }

    private WatchOutcome Watch(CancellationToken cancel)
    {
        var timeout = (int)options.Resync.TotalSeconds;
        var path = $"/api/v1/nodes?watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(_cache.ResourceVersion ?? string.Empty)}&timeoutSeconds={timeout}";
        // A server that neither sends nor ends for a minute past the timeout is gone; the read timeout says so.
        using var response = HttpGet.Send(server, path, options.Resync + TimeSpan.FromSeconds(60), cancel);
        if (response.Status == 410)
        {
            return WatchOutcome.Gone;
        }

        if (response.Status != 200)
        {
            throw new KubeApiException($"watch: GET {server}{path} answered {response.Status} {response.Reason}: {Excerpt(ReadAll(response.Body))}", response.Status);
        }

        while (ReadLine(response.Body) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var change = NodeWatchEvent.Parse(line);
            _events++;
            if (change.Type == WatchEventType.Error)
            {
                if (change.ErrorCode == 410)
                {
                    return WatchOutcome.Gone;
                }

                throw new KubeApiException($"watch: ERROR event {change.ErrorCode}: {change.ErrorMessage}", change.ErrorCode);
            }

            if (_cache.Apply(change, log))
            {
                reconcile(_cache.Nodes, $"{change.Type.ToString().ToUpperInvariant()} {change.Name}");
            }

            if (options.MaxEvents > 0 && _events >= options.MaxEvents)
            {
                return WatchOutcome.Done;
            }
        }

        return WatchOutcome.Ended;
    }

    /// <summary>One newline-terminated event; null at the end of the body.</summary>
    private static byte[]? ReadLine(Stream body)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var b = body.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : line.ToArray();
            }

            if (b == '\n')
            {
                return line.ToArray();
            }

            if (line.Length >= MaxLineBytes)
            {
                throw new KubeApiException($"watch: an event longer than {MaxLineBytes} bytes");
            }

            line.WriteByte((byte)b);
        }
    }

    private static byte[] ReadAll(Stream body)
    {
        using var buffer = new MemoryStream();
        body.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Excerpt(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ");
}
