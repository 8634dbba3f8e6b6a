using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sNet.Linux.Namespaces;

namespace K8sNet.E2E.Tests;

/// <summary>
/// A stand-in for the API server (no kube-apiserver is installable here: Debian 12 ships only kubectl), listening on
/// 127.0.0.1 inside a test's node netns, that replays scripted answers in the real shapes: GET /api/v1/nodes gets the
/// next queued NodeList; GET /api/v1/nodes?watch=1… gets the next queued watch script, a chunked stream of event
/// lines that then ends properly, is dropped (no final chunk), or is held open. Every request line is recorded.
/// </summary>
internal sealed class KubeApiReplay : IDisposable
{
    private readonly Socket _listener;
    private readonly Queue<string> _lists = new();
    private readonly Queue<WatchScript> _watches = new();
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private string _lastList = """{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""";

    public KubeApiReplay(string netnsPath)
    {
        using var netns = NetNs.Open(netnsPath);
        _listener = NetNsRunner.Run(netns, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(16);
            return socket;
        });
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        new Thread(AcceptLoop) { IsBackground = true, Name = "kube-api-replay" }.Start();
    }

    public enum End
    {
        /// <summary>The final zero-size chunk: the server ended the watch (as at timeoutSeconds).</summary>
        Close,

        /// <summary>The connection is cut without the final chunk: a dropped watch.</summary>
        Drop,

        /// <summary>Nothing more is sent and the connection stays open until the test ends.</summary>
        Hold,
    }

    private sealed record WatchScript(int Status, IReadOnlyList<string> Lines, End End);

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void List(string nodeList)
    {
        lock (_lists)
        {
            _lists.Enqueue(nodeList);
        }
    }

    public void Watch(End end, params string[] events)
    {
        lock (_watches)
        {
            _watches.Enqueue(new WatchScript(200, events, end));
        }
    }

    /// <summary>A watch request answered with a bare status (e.g. 410 Gone) and a Status body.</summary>
    public void WatchStatus(int status)
    {
        lock (_watches)
        {
            _watches.Enqueue(new WatchScript(status, [], End.Close));
        }
    }

    public static string Event(string type, string obj) => $$"""{"type":"{{type}}","object":{{obj}}}""";

    public static string Gone(string version) =>
        Event("ERROR", $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: {{version}}","reason":"Expired","code":410}""");

    public static string Bookmark(string version) =>
        Event("BOOKMARK", $$$"""{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"{{{version}}}"}}""");

    private void AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_open)
            {
                _open.Add(client);
            }

            new Thread(() => Serve(client)) { IsBackground = true }.Start();
        }
    }

    private void Serve(Socket client)
    {
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: false);
            var head = ReadHead(stream);
            var target = head.Split('\n')[0].Split(' ')[1];
            lock (_requests)
            {
                _requests.Add(target);
            }

            if (target.Contains("watch=1", StringComparison.Ordinal))
            {
                WatchScript? script;
                lock (_watches)
                {
                    _watches.TryDequeue(out script);
                }

                ServeWatch(stream, client, script ?? new WatchScript(200, [], End.Hold));
            }
            else
            {
                lock (_lists)
                {
                    _lastList = _lists.TryDequeue(out var next) ? next : _lastList;
                }

                var body = Encoding.UTF8.GetBytes(_lastList);
                stream.Write(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                stream.Write(body);
                client.Shutdown(SocketShutdown.Both);
                client.Dispose();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void ServeWatch(NetworkStream stream, Socket client, WatchScript script)
    {
        if (script.Status != 200)
        {
            var status = Encoding.UTF8.GetBytes($$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":{{script.Status}}}""");
            stream.Write(Encoding.ASCII.GetBytes($"HTTP/1.1 {script.Status} Gone\r\nContent-Type: application/json\r\nContent-Length: {status.Length}\r\nConnection: close\r\n\r\n"));
            stream.Write(status);
            client.Dispose();
            return;
        }

        stream.Write(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        foreach (var line in script.Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            stream.Write(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            stream.Write(bytes);
            stream.Write("\r\n"u8);
            stream.Flush();
        }

        switch (script.End)
        {
            case End.Close:
                stream.Write("0\r\n\r\n"u8);
                client.Shutdown(SocketShutdown.Both);
                client.Dispose();
                break;
            case End.Drop:
                client.LingerState = new LingerOption(true, 0); // a reset, as when a proxy or the server dies
                client.Dispose();
                break;
            default:
                _stop.Token.WaitHandle.WaitOne();
                break;
        }
    }

    private static string ReadHead(NetworkStream stream)
    {
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("client closed");
            }

            head.Append((char)b);
        }

        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }
}
