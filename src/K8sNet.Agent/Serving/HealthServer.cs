using System.Net;
using System.Net.Sockets;
using System.Text;

namespace K8sNet.Agent.Serving;

/// <summary>
/// A tiny HTTP/1.1 listener for probes and Prometheus (no web framework: a few KB of code instead of Kestrel's
/// megabytes): GET /healthz (200 while the process runs), /readyz (200 once the first reconcile succeeded, 503
/// before), /metrics (<see cref="AgentMetrics"/>). One request per connection, a small bounded request head, a
/// short read timeout: a probe cannot hold it, and a stuck client cannot stop the watch.
/// </summary>
public sealed class HealthServer(IPEndPoint endpoint, AgentMetrics metrics) : IDisposable
{
    private const int MaxHead = 8 * 1024;
    private readonly TcpListener _listener = new(endpoint);

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start() => _listener.Start(16);

    public async Task RunAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = ServeAsync(client, cancel);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancel)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var path = await ReadPath(client, timeout.Token).ConfigureAwait(false);
                var (status, type, body) = path switch
                {
                    null => ("400 Bad Request", "text/plain", "bad request\n"),
                    "/healthz" => ("200 OK", "text/plain", "ok\n"),
                    "/readyz" => metrics.Ready ? ("200 OK", "text/plain", "ok\n") : ("503 Service Unavailable", "text/plain", "not ready: no reconcile has succeeded yet\n"),
                    "/metrics" => ("200 OK", "text/plain; version=0.0.4; charset=utf-8", metrics.Render()),
                    _ => ("404 Not Found", "text/plain", "not found: /healthz, /readyz, /metrics\n"),
                };
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                await client.SendAsync(head, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                await client.SendAsync(bytes, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
            {
            }
        }
    }

    /// <summary>The path of a GET (query dropped); null for anything else.</summary>
    private static async Task<string?> ReadPath(Socket client, CancellationToken cancel)
    {
        var buffer = new byte[MaxHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancel).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var firstLine = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
        return firstLine.Length == 3 && firstLine[0] is "GET" or "HEAD" && firstLine[1].StartsWith('/') ? firstLine[1].Split('?')[0] : null;
    }

    public void Dispose() => _listener.Stop();
}
