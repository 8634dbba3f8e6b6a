using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using k8s;
using k8s.Models;

namespace K8sNet.Agent.Api;

/// <summary>
/// Requests to the API server over the official client's HTTP pipeline (its SocketsHttpHandler, client certificate
/// and credentials), with <see cref="ServerCertificateCheck"/> in place of the library's certificate check. HTTP/2
/// is offered and HTTP/1.1 accepted (ALPN), as load balancers in front of API servers speak either. Every failure
/// becomes an <see cref="ApiException"/> whose message says why in one line.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private const int MaxErrorBody = 64 * 1024;
    private readonly Kubernetes _client;
    private readonly ServerCertificateCheck _check;

    public ApiClient(ApiSource source)
    {
        Source = source;
        _check = new ServerCertificateCheck(source.Authorities, source.Config.TlsServerName ?? ServerCertificateCheck.HostOf(source.Server), source.Description);
        SocketsHttpHandler? handler = null;
        source.Config.FirstMessageHandlerSetup = h => handler = h;
        try
        {
            _client = new Kubernetes(source.Config);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or System.Security.Cryptography.CryptographicException or IOException or FormatException)
        {
            throw new ApiException($"{source.Description}: {ex.Message.ReplaceLineEndings(" ")}", refused: true);
        }

        // The library sets its own callback after FirstMessageHandlerSetup ran; the handler is unused until the first
        // request, so replacing the callback now is in time and nothing ever connects with the library's check.
        handler!.SslOptions.RemoteCertificateValidationCallback = _check.Validate;
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);
    }

    public ApiSource Source { get; }

    public Uri Server => Source.Server;

    /// <summary>Sends one request; a non-2xx answer throws. <paramref name="stream"/>: return once the headers are in.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, bool stream, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, pathAndQuery))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = content,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("k8snet-agent", typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        HttpResponseMessage response;
        try
        {
            if (_client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, cancel).ConfigureAwait(false);
            }

            response = await _client.HttpClient.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (!cancel.IsCancellationRequested)
        {
            throw Refusal(ex, method, pathAndQuery);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await StatusError(response, method, pathAndQuery, cancel).ConfigureAwait(false);
        }
    }

    private ApiException Refusal(HttpRequestException ex, HttpMethod method, string path)
    {
        if (_check.TakeRefusal() is { } why)
        {
            return new ApiException($"{Server}: refused: {why}", refused: true);
        }

        var inner = ex.InnerException;
        while (inner?.InnerException is not null && inner is not AuthenticationException)
        {
            inner = inner.InnerException;
        }

        return inner is AuthenticationException tls
            ? new ApiException($"{Server}: TLS handshake failed: {tls.Message}", refused: true)
            : new ApiException($"{method} {Server.GetLeftPart(UriPartial.Authority)}{Short(path)}: {(inner ?? ex).Message}");
    }

    private async Task<ApiException> StatusError(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancel)
    {
        var body = await ReadBounded(response, cancel).ConfigureAwait(false);
        var message = StatusMessage(body);
        var code = (int)response.StatusCode;
        var what = code switch
        {
            401 => $"401 Unauthorized: the API server did not accept the credentials of {Source.Description} (client certificate or token)",
            403 => $"403 Forbidden: {message ?? "the API server refused the request"}",
            _ => $"{method} {Short(path)} answered {code} {response.ReasonPhrase}{(message is null ? string.Empty : $": {message}")}",
        };
        return new ApiException($"{Server.GetLeftPart(UriPartial.Authority)}: {what}", code, refused: code is 401 or 403);
    }

    /// <summary>The message of a Kubernetes Status body; null when the body is not one.</summary>
    internal static string? StatusMessage(string body)
    {
        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(body);
            return string.IsNullOrWhiteSpace(status?.Message) ? null : status.Message.ReplaceLineEndings(" ");
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length == 0 ? null : body[..Math.Min(body.Length, 200)].ReplaceLineEndings(" ");
        }
    }

    private static async Task<string> ReadBounded(HttpResponseMessage response, CancellationToken cancel)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBody];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancel).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string Short(string path) => path.Split('?')[0];

    public void Dispose() => _client.Dispose();
}
