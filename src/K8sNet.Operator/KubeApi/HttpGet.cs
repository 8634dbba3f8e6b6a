using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace K8sNet.Operator.KubeApi;

/// <summary>
/// One HTTP/1.1 GET over its own TCP connection (Connection: close), the least a list and a watch need: the status,
/// and a body stream that undoes chunked transfer encoding. HttpClient would do the same for about 3 MB of binary
/// (measured: 6.1 → 9.1 MB, over the 8 MB goal), because it carries TLS, HTTP/2 and HTTP/3 along; this is ~55 KB.
/// </summary>
public sealed class HttpGet : IDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private readonly Socket _socket;
    private readonly CancellationTokenRegistration _abort;

    private HttpGet(Socket socket, CancellationTokenRegistration abort, int status, string reason, Stream body)
    {
        _socket = socket;
        _abort = abort;
        Status = status;
        Reason = reason;
        Body = body;
    }

    public int Status { get; }

    public string Reason { get; }

    /// <summary>The response body, de-chunked; ends where the server ends it.</summary>
    public Stream Body { get; }

    /// <summary>Connects, sends the request and reads the response head. <paramref name="readTimeout"/> bounds each read.</summary>
    public static HttpGet Send(ApiServerUrl server, string pathAndQuery, TimeSpan readTimeout, CancellationToken cancel)
    {
        var socket = new Socket(server.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)readTimeout.TotalMilliseconds,
            SendTimeout = 10_000,
            NoDelay = true,
        };
        // SIGTERM interrupts a blocked connect or read, also of the body later: the registration lives with the response.
        var abort = cancel.Register(socket.Dispose);
        try
        {
            socket.Connect(new IPEndPoint(server.Address, server.Port));
            var request = $"GET {server.BasePath}{pathAndQuery} HTTP/1.1\r\nHost: {server.Address}:{server.Port}\r\n" +
                "Accept: application/json\r\nUser-Agent: k8snet\r\nConnection: close\r\n\r\n";
            socket.Send(Encoding.ASCII.GetBytes(request));
            var stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false), 16 * 1024);
            var (status, reason, chunked, length) = ReadHead(stream);
            Stream body = chunked ? new ChunkedStream(stream) : length is { } n ? new LengthStream(stream, n) : stream;
            return new HttpGet(socket, abort, status, reason, body);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            abort.Dispose();
            socket.Dispose();
            cancel.ThrowIfCancellationRequested();
            throw new KubeApiException($"GET {server}{pathAndQuery}: {ex.Message}");
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        Body.Dispose();
        _socket.Dispose();
    }

    private static (int Status, string Reason, bool Chunked, long? Length) ReadHead(Stream stream)
    {
        var statusLine = ReadLine(stream);
        // HTTP/1.1 200 OK
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new IOException($"not an HTTP/1.x response: \"{statusLine}\"");
        }

        bool chunked = false;
        long? length = null;
        for (var line = ReadLine(stream); line.Length > 0; line = ReadLine(stream))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
        }

        return (status, parts.Length > 2 ? parts[2] : string.Empty, chunked, length);
    }

    /// <summary>One CRLF-terminated ASCII line of the head (or of a chunk size); EOF before it is an error.</summary>
    internal static string ReadLine(Stream stream)
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("the connection closed in the middle of the response head");
            }

            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length >= MaxHeaderBytes)
            {
                throw new IOException("response header line too long");
            }

            line.Append((char)b);
        }
    }
}
