using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using K8sNet.Linux.Namespaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace K8sNet.Testing.KubeApi;

/// <summary>One watch request: replay from its resourceVersion (or ERROR 410), then live changes until timeoutSeconds or a fault.</summary>
public sealed partial class KubeApiServer
{
    private async Task Watch(HttpContext http)
    {
        var from = long.TryParse(http.Request.Query["resourceVersion"], out var rv) ? rv : 0;
        var timeout = int.TryParse(http.Request.Query["timeoutSeconds"], out var t) ? t : 1800;
        var channel = Channel.CreateUnbounded<string>();
        var replay = new List<string>();
        lock (_lock)
        {
            if (from != 0 && from < _compacted)
            {
                replay.Add(Line("ERROR", new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = $"too old resource version: {from} ({_compacted})", ["reason"] = "Expired", ["code"] = 410 }));
                replay.Add(string.Empty);
            }
            else
            {
                replay.AddRange(_history.Where(h => h.Version > from).Select(h => Line(h.Type, h.Node)));
                _watches.Add(channel);
            }
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync();
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        ends.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            foreach (var line in replay)
            {
                if (line.Length == 0)
                {
                    return;
                }

                await http.Response.WriteAsync(line, ends.Token);
            }

            await http.Response.Body.FlushAsync(ends.Token);
            await foreach (var line in channel.Reader.ReadAllAsync(ends.Token))
            {
                if (line == Abort)
                {
                    http.Abort();
                    return;
                }

                if (line.Length == 0)
                {
                    return;
                }

                await http.Response.WriteAsync(line, ends.Token);
                await http.Response.Body.FlushAsync(ends.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(channel);
            }
        }
    }
}
