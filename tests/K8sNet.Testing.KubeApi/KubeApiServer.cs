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

/// <summary>
/// A stand-in for kube-apiserver (none is installable here) that speaks its API over real TLS: Kestrel with a server
/// certificate from <see cref="TestPki"/>, HTTP/1.1 and/or HTTP/2 (ALPN), client certificates (CN = user) or bearer
/// tokens, 401 for unknown credentials and 403 for what <see cref="Authorize"/> denies, both with a Status body.
/// Nodes: list (GET /api/v1/nodes), get, merge PATCH (spec.podCIDR(s), immutable once set, as the real one), and
/// watch with resourceVersion semantics: every change gets the next resourceVersion, a watch from RV replays the
/// newer changes then follows live ones, a watch from a compacted RV gets an ERROR 410 event, bookmarks on request,
/// timeoutSeconds honoured. Faults on demand: drop every watch, send a garbled line, expire every watch (410).
/// The listening socket is made inside the given network namespace (a socket stays in the netns it was made in), so
/// only processes in that namespace can reach it.
/// </summary>
public sealed class KubeApiServer : IDisposable
{
    private readonly object _lock = new();
    private readonly SortedDictionary<string, JsonObject> _nodes = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Type, JsonObject Node)> _history = [];
    private readonly List<Channel<string>> _watches = [];
    private readonly List<string> _requests = [];
    private readonly WebApplication _app;
    private readonly X509Certificate2 _clientCa;
    private long _version = 100;
    private long _compacted;

    public const string Abort = "\u0000abort";

    public KubeApiServer(string netnsPath, X509Certificate2 serverCertificate, X509Certificate2 clientCa, IPEndPoint? endpoint = null, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        _clientCa = clientCa;
        endpoint ??= new IPEndPoint(IPAddress.Loopback, 6443);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = ep =>
        {
            using var netns = NetNs.Open(netnsPath);
            return NetNsRunner.Run(netns, () => SocketTransportOptions.CreateDefaultBoundListenSocket(ep));
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = protocols;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                // As kube-apiserver: a client certificate is asked for, checked per request (an unknown one is a 401).
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        _app = builder.Build();
        _app.Run(Handle);
        _app.StartAsync().GetAwaiter().GetResult();
        Url = new Uri($"https://{(endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString())}:{endpoint.Port}");
    }

    public Uri Url { get; }

    /// <summary>Bearer tokens accepted, with the user each stands for.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Tokens { get; } = new();

    /// <summary>(user, verb) → allowed; default: everyone may do everything.</summary>
    public Func<string, string, bool> Authorize { get; set; } = (_, _) => true;

    /// <summary>"METHOD path?query user", in arrival order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    public void Add(JsonObject node) => Change("ADDED", node);

    public void Modify(JsonObject node) => Change("MODIFIED", node);

    public void Delete(string name)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(name, out var node))
            {
                Change("DELETED", node);
            }
        }
    }

    /// <summary>A kubelet's status update: only lastHeartbeatTime changes (routes must not care).</summary>
    public void Heartbeat(string name)
    {
        lock (_lock)
        {
            var node = (JsonObject)_nodes[name].DeepClone();
            node["status"]!["conditions"]![0]!["lastHeartbeatTime"] = DateTime.UtcNow.AddSeconds(_version).ToString("yyyy-MM-ddTHH:mm:ssZ");
            Change("MODIFIED", node);
        }
    }

    public JsonObject? Get(string name)
    {
        lock (_lock)
        {
            return _nodes.TryGetValue(name, out var node) ? (JsonObject)node.DeepClone() : null;
        }
    }

    /// <summary>Forget the history: a watch from any older resourceVersion now gets 410.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compacted = _version;
            _history.Clear();
        }
    }

    /// <summary>Cut every open watch connection without ending the stream properly.</summary>
    public void DropWatches() => Broadcast(Abort);

    /// <summary>Send every open watch a line that is not JSON (a broken stream; the client has to give up on it).</summary>
    public void GarbleWatches() => Broadcast("{\"type\":\"MODIFIED\",\"object\":{\"metadata\"\n");

    /// <summary>Send every open watch ERROR 410 (as after etcd compaction) and end it.</summary>
    public void ExpireWatches()
    {
        Compact();
        Broadcast(Line("ERROR", new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = "too old resource version", ["reason"] = "Expired", ["code"] = 410 }));
        Broadcast(string.Empty);
    }

    public void Bookmark()
    {
        lock (_lock)
        {
            Broadcast(Line("BOOKMARK", new JsonObject { ["kind"] = "Node", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString() } }));
        }
    }

    private void Change(string type, JsonObject node)
    {
        lock (_lock)
        {
            _version++;
            var stored = (JsonObject)node.DeepClone();
            stored["metadata"]!["resourceVersion"] = _version.ToString();
            var name = stored["metadata"]!["name"]!.GetValue<string>();
            if (type == "DELETED")
            {
                _nodes.Remove(name);
            }
            else
            {
                _nodes[name] = stored;
            }

            _history.Add((_version, type, stored));
            Broadcast(Line(type, stored));
        }
    }

    private void Broadcast(string line)
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Writer.TryWrite(line);
            }
        }
    }

    private static string Line(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";

    private async Task Handle(HttpContext http)
    {
        var request = http.Request;
        var user = User(http);
        lock (_lock)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString} {user ?? "-"} {request.Protocol}");
        }

        if (user is null)
        {
            await Status(http, 401, "Unauthorized", "Unauthorized");
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        if (segments.Length < 3 || segments[0] != "api" || segments[1] != "v1" || segments[2] != "nodes" || segments.Length > 4)
        {
            await Status(http, 404, "NotFound", "the server could not find the requested resource");
            return;
        }

        var watch = request.Query["watch"] is var w && (w == "1" || w == "true");
        var verb = request.Method switch
        {
            "GET" when segments.Length == 4 => "get",
            "GET" => watch ? "watch" : "list",
            "PATCH" when segments.Length == 4 => "patch",
            _ => "unsupported",
        };
        if (!Authorize(user, verb))
        {
            await Status(http, 403, "Forbidden", $"nodes{(segments.Length == 4 ? $" \"{segments[3]}\"" : string.Empty)} is forbidden: User \"{user}\" cannot {verb} resource \"nodes\" in API group \"\" at the cluster scope");
            return;
        }

        switch (verb)
        {
            case "list":
                await List(http);
                break;
            case "watch":
                await Watch(http);
                break;
            case "get":
                var node = Get(segments[3]);
                await (node is null ? Status(http, 404, "NotFound", $"nodes \"{segments[3]}\" not found") : Json(http, 200, node));
                break;
            case "patch":
                await Patch(http, segments[3]);
                break;
            default:
                await Status(http, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
                break;
        }
    }

    private string? User(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Tokens.TryGetValue(auth[7..], out var tokenUser) ? tokenUser : null;
        }

        if (http.Connection.ClientCertificate is { } cert)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_clientCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(cert) ? cert.GetNameInfo(X509NameType.SimpleName, false) : null;
        }

        return null;
    }

    private async Task List(HttpContext http)
    {
        JsonObject list;
        lock (_lock)
        {
            list = new JsonObject
            {
                ["kind"] = "NodeList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString() },
                ["items"] = new JsonArray([.. _nodes.Values.Select(n => (JsonNode?)n.DeepClone())]),
            };
        }

        await Json(http, 200, list);
    }

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

    private async Task Patch(HttpContext http, string name)
    {
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
        if (http.Request.ContentType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
        {
            await Status(http, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json");
            return;
        }

        JsonObject? node;
        lock (_lock)
        {
            node = Get(name);
            if (node is not null && JsonNode.Parse(body)?["spec"] is JsonObject spec)
            {
                var current = node["spec"]!.AsObject();
                if (current["podCIDR"] is { } set && spec["podCIDR"] is { } wanted && set.GetValue<string>() != wanted.GetValue<string>())
                {
                    node = null;
                    body = "immutable";
                }
                else
                {
                    foreach (var (key, value) in spec)
                    {
                        current[key] = value?.DeepClone();
                    }

                    Change("MODIFIED", node);
                    node = Get(name);
                }
            }
        }

        await (node is not null ? Json(http, 200, node)
            : body == "immutable" ? Status(http, 422, "Invalid", $"Node \"{name}\" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid")
            : Status(http, 404, "NotFound", $"nodes \"{name}\" not found"));
    }

    private static Task Json(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Status(HttpContext http, int code, string reason, string message) => Json(http, code, new JsonObject
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
        ["message"] = message, ["reason"] = reason, ["code"] = code,
    });

    public void Dispose()
    {
        Broadcast(Abort);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        _app.StopAsync(patience.Token).GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
