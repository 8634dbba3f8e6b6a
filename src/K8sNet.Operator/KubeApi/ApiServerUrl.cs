using System.Globalization;
using System.Net;

namespace K8sNet.Operator.KubeApi;

/// <summary>
/// Where `routes watch` talks to the API: plain HTTP to an address literal (or localhost), normally a `kubectl proxy`
/// next to it on 127.0.0.1. The binary is statically linked and cannot load OpenSSL, so there is no TLS in-process;
/// the proxy does TLS and the service-account token. It is also why a host name other than localhost is refused: a
/// static glibc has no NSS resolver to look one up.
/// </summary>
public sealed record ApiServerUrl(IPAddress Address, int Port, string BasePath)
{
    public static ApiServerUrl Parse(string text, string source)
    {
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeApiException(
                $"{source}: {text} is HTTPS, and k8snet has no TLS (a static binary cannot load OpenSSL): run `kubectl proxy " +
                "--address=127.0.0.1 --port=18001` beside it (the DaemonSet in conf/ does) and pass --server http://127.0.0.1:18001");
        }

        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeApiException($"{source}: \"{text}\" is not an http:// URL (expected e.g. http://127.0.0.1:18001)");
        }

        var rest = text["http://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[slash..].TrimEnd('/');
        string host;
        var port = 80;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
            authority = close < 0 ? string.Empty : authority[(close + 1)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            authority = colon < 0 ? string.Empty : authority[colon..];
        }

        if (authority.StartsWith(':') && (!int.TryParse(authority[1..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new KubeApiException($"{source}: \"{text}\": the port must be 1-65535");
        }

        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : Routes.StrictIp.TryParseAddress(host, out var literal) ? literal
            : throw new KubeApiException($"{source}: \"{text}\": the host must be an IP address or localhost (a static binary has no DNS resolver)");
        return new ApiServerUrl(address, port, path);
    }

    public override string ToString() =>
        $"http://{(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}{BasePath}";
}
