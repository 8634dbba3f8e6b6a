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

/// <summary>The HTTP side: who asks (certificate or token), may they (401/403 with a Status body), list, get, patch.</summary>
public sealed partial class KubeApiServer
{
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
}
