using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using K8sNet.Cri.Tests.Runtime;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// The tests' own CRI client, talking to containerd as kubelet does: gRPC over the unix socket, HTTP/2 without TLS.
/// Wraps the sandbox calls a pod's network goes through; each call has a deadline so a hung runtime fails the test.
/// </summary>
public sealed class CriClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly GrpcChannel _channel;

    public CriClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The host part is never resolved: every connection goes to the socket above.
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        Images = new ImageService.ImageServiceClient(_channel);
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    public VersionResponse Version() => Runtime.Version(new VersionRequest { Version = "v1" }, deadline: Deadline());

    public StatusResponse Status() => Runtime.Status(new StatusRequest(), deadline: Deadline());

    /// <summary>Whether the runtime reports the condition (e.g. "NetworkReady") as true.</summary>
    public bool Condition(string type) => Status().Status.Conditions.Any(c => c.Type == type && c.Status);

    /// <summary>Whether the CRI plugin knows the image (imported images reach its store through an event).</summary>
    public bool HasImage(string reference) =>
        Images.ImageStatus(new ImageStatusRequest { Image = new ImageSpec { Image = reference } }, deadline: Deadline()).Image is not null;

    /// <summary>RunPodSandbox with the metadata kubelet sends (name, namespace, uid, attempt) and optional hostPorts.</summary>
    public string RunPod(PodSpec pod)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = pod.Name, Namespace = pod.Namespace, Uid = pod.Uid, Attempt = pod.Attempt },
            Hostname = pod.Name,
            Linux = new LinuxPodSandboxConfig { CgroupParent = pod.CgroupParent },
        };
        config.Labels["io.kubernetes.pod.name"] = pod.Name;
        config.Labels["io.kubernetes.pod.namespace"] = pod.Namespace;
        config.Labels["io.kubernetes.pod.uid"] = pod.Uid;
        config.PortMappings.AddRange(pod.PortMappings);
        return Runtime.RunPodSandbox(new RunPodSandboxRequest { Config = config }, deadline: Deadline()).PodSandboxId;
    }

    public PodSandboxStatusResponse PodStatus(string id, bool verbose = false) =>
        Runtime.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = verbose }, deadline: Deadline());

    /// <summary>The pid of the sandbox's pause process, from the verbose status ("info" is containerd's JSON).</summary>
    public int PausePid(string id)
    {
        var info = PodStatus(id, verbose: true).Info;
        using var json = JsonDocument.Parse(info["info"]);
        return json.RootElement.GetProperty("pid").GetInt32();
    }

    public void StopPod(string id) => Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = id }, deadline: Deadline());

    public void RemovePod(string id) => Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = id }, deadline: Deadline());

    public IReadOnlyList<PodSandbox> ListPods() => Runtime.ListPodSandbox(new ListPodSandboxRequest(), deadline: Deadline()).Items;

    public void Dispose() => _channel.Dispose();

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}

/// <summary>One pod as kubelet describes it to RunPodSandbox.</summary>
public sealed record PodSpec(string Name, string Namespace, string Uid, uint Attempt, string CgroupParent)
{
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary>A hostPort mapping as kubelet fills it in from a container port.</summary>
    public static PortMapping HostPort(int containerPort, int hostPort, Protocol protocol = Protocol.Tcp, string hostIp = "") =>
        new() { ContainerPort = containerPort, HostPort = hostPort, Protocol = protocol, HostIp = hostIp };
}
