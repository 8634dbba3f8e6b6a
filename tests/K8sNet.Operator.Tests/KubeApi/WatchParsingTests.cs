using System.Net;
using System.Text;
using K8sNet.Operator.KubeApi;
using K8sNet.Operator.Routes;
using K8sNet.Operator.Tests.Routes;

namespace K8sNet.Operator.Tests.KubeApi;

public sealed class WatchParsingTests
{
    private static NodeWatchEvent Event(string type, string obj) => NodeWatchEvent.Parse(NodeLists.Bytes($$"""{"type":"{{type}}","object":{{obj}}}"""));

    [Fact]
    public void The_five_event_types_are_read_as_the_API_server_writes_them()
    {
        var added = Event("ADDED", NodeLists.Node("w3", "10.240.0.23", "10.200.3.0/24").Replace("\"17\"", "\"101\"", StringComparison.Ordinal));
        var deleted = Event("DELETED", NodeLists.Node("w2", "10.240.0.22", "10.200.2.0/24"));
        var bookmark = Event("BOOKMARK", """{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"120","annotations":{"k8s.io/initial-events-end":"true"}}}""");
        var gone = Event("ERROR", """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (200)","reason":"Expired","code":410}""");

        added.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Added && e.Name == "w3" && e.ResourceVersion == "101" && e.Node!.PodCidrs.Count == 1);
        deleted.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Deleted && e.Name == "w2");
        bookmark.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Bookmark && e.ResourceVersion == "120" && e.Node == null);
        gone.Should().Match<NodeWatchEvent>(e => e.Type == WatchEventType.Error && e.ErrorCode == 410 && e.ErrorMessage!.StartsWith("too old"));
        Event("MODIFIED", NodeLists.Node("w1", "10.240.0.21", "10.200.1.0/24")).Type.Should().Be(WatchEventType.Modified);
    }

    [Theory]
    [InlineData("{\"type\":\"ADDED\"", "not JSON")]
    [InlineData("[1]", "not an event")]
    [InlineData("{\"type\":\"ADDED\",\"object\":\"w1\"}", "not an event")]
    [InlineData("{\"type\":\"RENAMED\",\"object\":{}}", "unknown event type \"RENAMED\"")]
    public void A_line_that_is_not_an_event_is_an_error_not_a_crash(string line, string message)
    {
        var parse = () => NodeWatchEvent.Parse(Encoding.UTF8.GetBytes(line));

        parse.Should().Throw<KubeApiException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void A_bad_node_version_never_replaces_the_good_one_and_a_heartbeat_changes_nothing()
    {
        var cache = new NodeCache();
        var warnings = new List<string>();
        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.Seeds())), warnings.Add);

        var bad = cache.Apply(Event("MODIFIED", NodeLists.Node("w1", "10.240.0.21", "10.200.1.9/24")), warnings.Add);
        var heartbeat = cache.Apply(Event("MODIFIED", NodeLists.Node("w2", "10.240.0.22", "10.200.2.0/24")), warnings.Add);
        var moved = cache.Apply(Event("MODIFIED", NodeLists.Node("w2", "10.240.0.32", "10.200.2.0/24")), warnings.Add);
        var gone = cache.Apply(Event("DELETED", NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24")), warnings.Add);

        (bad, heartbeat, moved, gone).Should().Be((false, false, true, true));
        warnings.Should().ContainSingle().Which.Should().Contain("node w1: spec.podCIDR").And.EndWith("its last good version is kept");
        cache.Nodes.Select(n => $"{n.Name} {n.InternalIps[0]} {n.PodCidrs[0]}").Should().Equal("w1 10.240.0.21 10.200.1.0/24", "w2 10.240.0.32 10.200.2.0/24");
        cache.ResourceVersion.Should().Be("17");
    }

    [Fact]
    public void A_relist_keeps_the_last_good_version_of_a_node_that_now_has_a_problem()
    {
        var cache = new NodeCache();
        var warnings = new List<string>();
        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.Seeds())), warnings.Add);

        cache.Replace(NodeListJson.Parse(NodeLists.Bytes(NodeLists.List(
            NodeLists.Node("w0", "10.240.0.20", "10.200.0.0/24"), NodeLists.Node("w1", "10.240.0.300", "10.200.1.0/24")))), warnings.Add);

        cache.Nodes.Select(n => n.Name).Should().Equal("w0", "w1");
        cache.Nodes[1].InternalIps.Should().Equal(IPAddress.Parse("10.240.0.21"));
        cache.ResourceVersion.Should().Be("4242");
    }

    [Theory]
    [InlineData("http://127.0.0.1:18001", "http://127.0.0.1:18001")]
    [InlineData("http://localhost:8001/", "http://127.0.0.1:8001")]
    [InlineData("http://[::1]:8001/k8s", "http://[::1]:8001/k8s")]
    [InlineData("http://10.0.0.1", "http://10.0.0.1:80")]
    public void An_http_server_URL_is_taken(string text, string parsed)
    {
        ApiServerUrl.Parse(text, "--server").ToString().Should().Be(parsed);
    }

    [Theory]
    [InlineData("https://10.32.0.1:443", "is HTTPS, and k8snet has no TLS (a static binary cannot load OpenSSL): run `kubectl proxy")]
    [InlineData("http://kubernetes.default.svc:443", "the host must be an IP address or localhost")]
    [InlineData("http://127.0.0.1:99999", "the port must be 1-65535")]
    [InlineData("10.0.0.1:8001", "is not an http:// URL")]
    public void Other_server_URLs_are_refused_with_what_to_do(string text, string message)
    {
        var parse = () => ApiServerUrl.Parse(text, "--server");

        parse.Should().Throw<KubeApiException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void The_server_of_a_kubeconfigs_current_context_is_found()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: LS0tLS1CRUdJTg==
                    server: https://10.240.0.10:6443
                  name: kubernetes-the-hard-way
                - cluster:
                    server: http://127.0.0.1:18001
                  name: proxy
                contexts:
                - context:
                    cluster: kubernetes-the-hard-way
                    user: admin
                  name: default
                - context:
                    cluster: proxy
                    user: ""
                  name: "via-proxy"
                current-context: via-proxy
                kind: Config
                users:
                - name: admin
                  user:
                    token: secret
                """);

            Kubeconfig.Server(path).Should().Be("http://127.0.0.1:18001");
            File.WriteAllText(path, File.ReadAllText(path).Replace("current-context: via-proxy", "current-context: default", StringComparison.Ordinal));
            var https = () => ApiServerUrl.Parse(Kubeconfig.Server(path), "--kubeconfig");
            https.Should().Throw<KubeApiException>().Which.Message.Should().Contain("https://10.240.0.10:6443 is HTTPS");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_chunked_body_is_reassembled_and_one_cut_short_is_an_error()
    {
        static string Read(string wire)
        {
            using var stream = new ChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(wire)));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        Read("6\r\n{\"a\":1\r\n4;ext=1\r\n}\n{}\r\n0\r\nX-Trailer: y\r\n\r\n").Should().Be("{\"a\":1}\n{}");
        var cut = () => Read("6\r\n{\"a\":1\r\n4\r\n}\n");
        cut.Should().Throw<IOException>();
        var bad = () => Read("zz\r\n");
        bad.Should().Throw<IOException>().WithMessage("bad chunk size line*");
    }
}
