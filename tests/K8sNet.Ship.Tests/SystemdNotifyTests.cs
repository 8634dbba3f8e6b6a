using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;

namespace K8sNet.Ship.Tests;

/// <summary>
/// conf/k8snet-agent.service says Type=notify: systemd then waits for READY=1 on $NOTIFY_SOCKET. The published agent
/// must send it once its routes are in the kernel (so `systemctl start` returns when the node routes), and STOPPING=1
/// on SIGTERM. A unit of Type=notify around an agent that never says READY=1 would fail to start after 90 s.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RootFact]
    public void The_agent_says_READY_1_once_its_routes_are_in_the_kernel_and_STOPPING_1_on_SIGTERM()
    {
        using var netns = TestNetNs.Create("ntfy");
        netns.Exec("ip link add eth0 type veth peer name eth0peer && ip addr add 10.240.0.20/24 dev eth0 && ip link set eth0peer up && ip link set eth0 up");
        var pki = new TestPki();
        using var server = new KubeApiServer(netns.Path, pki.Server(["kubernetes"], [IPAddress.Loopback]), pki.Ca);
        server.Tokens["proxy-token"] = "system:kube-proxy";
        server.Add(NodeObjects.Node("w0", "10.240.0.20", "10.200.0.0/24"));
        server.Add(NodeObjects.Node("w1", "10.240.0.21", "10.200.1.0/24"));
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: {{TestPki.Data(TestPki.CertificatePem(pki.Ca))}}}
            users:
            - name: u
              user: {token: proxy-token}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """);
        var notifyPath = Path.Combine(_dir, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        notify.ReceiveTimeout = 30_000;

        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "netns", "exec", netns.Name, Repo.Agent, "routes", "--kubeconfig", kubeconfig, "--node-name", "w0",
                     "--state-file", Path.Combine(_dir, "routes.json"), "--conf-dir", _dir })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NOTIFY_SOCKET"] = notifyPath;
        using var agent = Process.Start(start)!;
        var output = new StringBuilder();
        agent.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        agent.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        agent.BeginErrorReadLine();
        agent.BeginOutputReadLine();
        try
        {
            var ready = Receive(notify);
            var routesAtReady = netns.Exec("ip -4 route show proto 58");
            Command.Run("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var stopping = Receive(notify);
            agent.WaitForExit(10_000).Should().BeTrue();

            ready.Should().Contain("READY=1", output.ToString());
            routesAtReady.Should().Contain("10.200.1.0/24 via 10.240.0.21", "READY=1 comes after the first reconcile");
            stopping.Should().Contain("STOPPING=1");
            netns.Exec("ip -4 route show proto 58").Should().Contain("10.200.1.0/24 via 10.240.0.21", "a stop leaves the routes in place");
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            return "(nothing within 30 s)";
        }
    }
}
