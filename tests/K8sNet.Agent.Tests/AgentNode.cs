using System.Diagnostics;
using System.Net;
using System.Text;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace K8sNet.Agent.Tests;

/// <summary>
/// A throwaway node for the published k8snet-agent: a netns with eth0 10.240.0.20/24 (w0's InternalIP), the test
/// API server on 127.0.0.1:6443 inside it with a certificate for server.kubernetes.local, a hosts file naming that
/// address, and a Kubernetes-The-Hard-Way-shaped kubeconfig (server by name, embedded CA and client certificate). The
/// agent runs in the netns in a private mount namespace where the hosts file is bind-mounted over /etc/hosts (and,
/// for in-cluster runs, a service-account directory at its path). Everything is removed on dispose.
/// </summary>
public sealed class AgentNode : IDisposable
{
    public const string ServerName = "server.kubernetes.local";
    private readonly List<Process> _agents = [];

    public AgentNode(HttpProtocols protocols = HttpProtocols.Http1AndHttp2, Func<TestPki, System.Security.Cryptography.X509Certificates.X509Certificate2>? serverCertificate = null)
    {
        Dir = Directory.CreateTempSubdirectory("k8snet-agent-").FullName;
        Node = TestNetNs.Create("ag");
        try
        {
            Node.Exec("ip link add eth0 type veth peer name eth0peer && ip addr add 10.240.0.20/24 dev eth0 && ip link set eth0peer up && ip link set eth0 up");
            Server = new KubeApiServer(Node.Path, (serverCertificate ?? (p => p.Server([ServerName, "kubernetes.default.svc"], [IPAddress.Loopback])))(Pki), Pki.Ca, protocols: protocols);
            File.WriteAllText(HostsFile, $"127.0.0.1 localhost\n127.0.0.1 {ServerName} server\n");
            WriteKubeconfig(Kubeconfig, Pki.Client("system:kube-proxy", "system:node-proxier"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TestPki Pki { get; } = new();

    public TestNetNs Node { get; }

    public KubeApiServer Server { get; } = null!;

    public string Dir { get; }

    public string HostsFile => Path.Combine(Dir, "hosts");

    public string Kubeconfig => Path.Combine(Dir, "kube-proxy.kubeconfig");

    public string StateFile => Path.Combine(Dir, "routes.json");

    public static string Agent => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, "k8snet-agent");

    /// <summary>A kubeconfig as KTHW's `kubectl config set-cluster --embed-certs`: CA, client certificate and key as data.</summary>
    public void WriteKubeconfig(string path, System.Security.Cryptography.X509Certificates.X509Certificate2 client, string? caPem = null, string server = $"https://{ServerName}:6443")
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: {{TestPki.Data(caPem ?? TestPki.CertificatePem(Pki.Ca))}}
                server: {{server}}
              name: kubernetes-the-hard-way
            contexts:
            - context:
                cluster: kubernetes-the-hard-way
                user: system:kube-proxy
              name: default
            current-context: default
            kind: Config
            preferences: {}
            users:
            - name: system:kube-proxy
              user:
                client-certificate-data: {{TestPki.Data(TestPki.CertificatePem(client))}}
                client-key-data: {{TestPki.Data(TestPki.KeyPem(client))}}
            """);
    }

    /// <summary>The seeds' three nodes: w0 (this one), w1, w2 on 10.240.0.2x with 10.200.x.0/24.</summary>
    public void AddSeedNodes(int count = 3)
    {
        for (var i = 0; i < count; i++)
        {
            Server.Add(NodeObjects.Node($"w{i}", $"10.240.0.2{i}", $"10.200.{i}.0/24"));
        }
    }

    /// <summary>The shell line that runs the agent: private mounts, the hosts file (and SA dir) in place, then exec.</summary>
    private string Script(IEnumerable<string> args, string? serviceAccountDir)
    {
        var mounts = new StringBuilder($"mount --bind {TestNetNs.Quote(HostsFile)} /etc/hosts");
        if (serviceAccountDir is not null)
        {
            mounts.Append($" && mount -t tmpfs tmpfs /run && mkdir -p /run/secrets/kubernetes.io/serviceaccount && mount --bind {TestNetNs.Quote(serviceAccountDir)} /run/secrets/kubernetes.io/serviceaccount");
        }

        return $"{mounts} && exec {TestNetNs.Quote(Agent)} {string.Join(' ', args.Select(TestNetNs.Quote))}";
    }

    /// <summary>Runs the agent to its end (install, a refused routes).</summary>
    public CommandResult Run(IEnumerable<string> args, string? serviceAccountDir = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var environment = new Dictionary<string, string?> { ["CNI_COMMAND"] = null };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Command.Run("ip", ["netns", "exec", Node.Name, "unshare", "--mount", "--propagation", "private", "sh", "-c", Script(args, serviceAccountDir)],
            environment: environment, timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts `routes` in the background; its output is collected into the returned handle.</summary>
    public RunningAgent Start(IEnumerable<string> args, string? serviceAccountDir = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", Node.Name, "unshare", "--mount", "--propagation", "private", "sh", "-c", Script(args, serviceAccountDir) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CNI_COMMAND");
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        lock (_agents)
        {
            _agents.Add(process);
        }

        return new RunningAgent(process, Node);
    }

    /// <summary>Our routes (proto 58) of a family in the node's kernel, one "dst via gw" per line.</summary>
    public string Routes(int family = 4) =>
        string.Join('\n', Node.Exec($"ip -{family} route show proto 58").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))));

    public void Dispose()
    {
        lock (_agents)
        {
            foreach (var agent in _agents)
            {
                try
                {
                    if (!agent.HasExited)
                    {
                        agent.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                }

                agent.Dispose();
            }
        }

        Server?.Dispose();
        Node?.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A running agent: its collected output, its endpoints (queried inside the netns), SIGTERM.</summary>
public sealed class RunningAgent
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TestNetNs _node;

    public RunningAgent(Process process, TestNetNs node)
    {
        Process = process;
        _node = node;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    private static void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }

    /// <summary>GET on the agent's listener inside the netns: (status, body).</summary>
    public (int Status, string Body) Get(string path, int port = 9765)
    {
        var result = _node.TryExec($"curl -s -o /dev/stdout -w '\\n%{{http_code}}' http://127.0.0.1:{port}{path}");
        var text = result.Stdout.TrimEnd('\n');
        var cut = text.LastIndexOf('\n');
        return int.TryParse(text[(cut + 1)..], out var status) ? (status, cut < 0 ? string.Empty : text[..cut]) : (0, text);
    }

    /// <summary>A sample of /metrics ("name{labels}" → value); -1 when absent.</summary>
    public long Metric(string sample)
    {
        foreach (var line in Get("/metrics").Body.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>Polls until the condition holds (deadline, never a timing assertion); false when it never did.</summary>
    public static bool Eventually(Func<bool> condition, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return condition();
    }

    /// <summary>SIGTERM to the agent (not the ip/unshare wrappers, which exec'd into it), and its exit code.</summary>
    public int Terminate(TimeSpan within)
    {
        Command.Sh($"kill -TERM {Process.Id}");
        return Process.WaitForExit(within) ? Process.ExitCode : -1;
    }
}
