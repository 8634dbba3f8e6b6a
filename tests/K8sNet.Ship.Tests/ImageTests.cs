using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;

namespace K8sNet.Ship.Tests;

/// <summary>
/// The image scripts/image.sh writes, loaded into a real engine (podman, private storage in a temp dir) and run as
/// the DaemonSet runs it: the init container's exact command from conf/k8snet-daemonset.yaml, in-cluster config (a
/// service-account directory at its path, KUBERNETES_SERVICE_HOST/PORT) against the test API server over TLS, the
/// host directories bind-mounted, read-only root, no capability. Then `k8snet` VERSION, and no shell in the image.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class ImageTests(ImageArchive archive) : IClassFixture<ImageArchive>, IDisposable
{
    private const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-image-test-").FullName;
    private readonly string _image = archive.Path;

    public void Dispose() => Command.Run("rm", ["-rf", _dir]);

    [RootFact]
    public void The_archive_names_the_tag_and_holds_the_two_binaries_their_libraries_and_no_shell()
    {
        var (index, layer) = ReadArchive(_image);

        index["manifests"]![0]!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>().Should().Be(Repo.ImageTag);
        layer.Keys.Should().Contain(["usr/local/bin/k8snet", "usr/local/bin/k8snet-agent"]);
        layer.Keys.Should().Contain(name => name.Contains("libssl.so", StringComparison.Ordinal), "the agent dlopen()s OpenSSL: TLS must work inside the image");
        layer.Keys.Select(Path.GetFileName).Should().NotContain(["sh", "bash", "dash", "busybox", "kubectl"]);
        foreach (var (name, _) in layer.Where(entry => entry.Value is not null))
        {
            name.Should().MatchRegex(@"^(usr/local/bin/k8snet(-agent)?|usr/lib/x86_64-linux-gnu/[^/]+\.so[.0-9]*|usr/lib/aarch64-linux-gnu/[^/]+\.so[.0-9]*|etc/(nsswitch\.conf|passwd|group|hosts))$",
                "the image holds the binaries, the objects they load and a few /etc files, nothing else");
        }

        Elf.Interpreter(layer["usr/local/bin/k8snet"]!).Should().BeNull("k8snet must stay static");
        layer["usr/local/bin/k8snet"].Should().Equal(File.ReadAllBytes(PublishedBinary.Path));
        Elf.Interpreter(layer["usr/local/bin/k8snet-agent"]!).Should().NotBeNull("the agent is the dynamically linked one");
    }

    [RootFact]
    public void Podman_loads_it_under_its_tag_and_the_init_container_installs_with_in_cluster_config_over_tls()
    {
        using var netns = TestNetNs.Create("img");
        var pki = new TestPki();
        using var server = new KubeApiServer(netns.Path, pki.Server(["kubernetes", "kubernetes.default.svc"], [IPAddress.Loopback]), pki.Ca);
        server.Tokens["sa-token"] = "system:serviceaccount:kube-system:k8snet";
        server.Add(NodeObjects.Node("w0", "10.240.0.20", "10.200.0.0/24"));
        var serviceAccount = Directory.CreateDirectory(Path.Combine(_dir, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(serviceAccount, "ca.crt"), TestPki.CertificatePem(pki.Ca));
        File.WriteAllText(Path.Combine(serviceAccount, "token"), "sa-token");
        File.WriteAllText(Path.Combine(serviceAccount, "namespace"), "kube-system");
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "opt-cni-bin")).FullName;
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "etc-cni-net.d")).FullName;
        var podman = new Podman(_dir, netns);

        var load = podman.Run("load", "-i", _image);
        var command = InitContainerCommand("w0");
        var install = podman.Run(
            [
                "run", "--rm", "--network", "host", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", $"{serviceAccount}:{ServiceAccountPath}:ro", "-v", $"{bin}:/host/opt/cni/bin", "-v", $"{conf}:/host/etc/cni/net.d",
                "-e", "KUBERNETES_SERVICE_HOST=127.0.0.1", "-e", "KUBERNETES_SERVICE_PORT=6443", "-e", "NODE_NAME=w0",
                "--entrypoint", command[0], Repo.ImageTag, .. command.Skip(1),
            ]);

        load.ExitCode.Should().Be(0, load.Stderr);
        load.Stdout.Should().Contain($"Loaded image: docker.io/library/{Repo.ImageTag}");
        install.ExitCode.Should().Be(0, install.Stdout + install.Stderr);
        File.ReadAllText(Path.Combine(conf, "10-k8snet.conflist")).Should().Contain("\"subnet\": \"10.200.0.0/24\"");
        File.ReadAllBytes(Path.Combine(bin, "k8snet")).Should().Equal(File.ReadAllBytes(PublishedBinary.Path), "install copies the image's static plugin");
        server.Requests.Should().Contain(r => r.StartsWith("GET /api/v1/nodes/w0 system:serviceaccount:kube-system:k8snet ", StringComparison.Ordinal));
    }

    [RootFact]
    public void In_the_image_k8snet_answers_VERSION_and_there_is_no_shell_to_run()
    {
        using var netns = TestNetNs.Create("imgv");
        var podman = new Podman(_dir, netns);
        podman.Run("load", "-i", _image).EnsureSuccess("podman load");

        var version = podman.Run("run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL", "-e", "CNI_COMMAND=VERSION",
            "-e", "K8SNET_LOG_FILE=stderr", "--entrypoint", "/usr/local/bin/k8snet", Repo.ImageTag);
        var shell = podman.Run("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", Repo.ImageTag, "-c", "true");

        version.ExitCode.Should().Be(0, version.Stderr);
        JsonNode.Parse(version.Stdout)!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Contain("1.0.0");
        shell.ExitCode.Should().NotBe(0, "the image has no /bin/sh");
        shell.Stderr.Should().Contain("/bin/sh");
    }

    /// <summary>The DaemonSet's init container command, with $(NODE_NAME) expanded as the kubelet does.</summary>
    private static List<string> InitContainerCommand(string nodeName)
    {
        var daemonSet = YamlSubset.LoadAll(Repo.Read("conf/k8snet-daemonset.yaml")).Single(o => (string?)o["kind"] == "DaemonSet");
        var init = daemonSet.Map("spec").Map("template").Map("spec").List("initContainers").Maps().Single();
        return init.List("command").Strs().Select(word => word.Replace("$(NODE_NAME)", nodeName, StringComparison.Ordinal)).ToList();
    }

    /// <summary>index.json and the single layer's entries (path → bytes; null for directories and links).</summary>
    private static (JsonNode Index, Dictionary<string, byte[]?> Layer) ReadArchive(string path)
    {
        var blobs = new Dictionary<string, byte[]>();
        using (var reader = new TarReader(File.OpenRead(path)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    blobs[entry.Name] = copy.ToArray();
                }
            }
        }

        var index = JsonNode.Parse(blobs["index.json"])!;
        var manifest = JsonNode.Parse(Blob(blobs, index["manifests"]![0]!["digest"]!.GetValue<string>()))!;
        var layerDigest = manifest["layers"]!.AsArray().Should().ContainSingle().Subject!["digest"]!.GetValue<string>();
        var layer = new Dictionary<string, byte[]?>();
        using var tar = new TarReader(new GZipStream(new MemoryStream(Blob(blobs, layerDigest)), CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
        {
            byte[]? bytes = null;
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                bytes = copy.ToArray();
            }

            layer[entry.Name.TrimEnd('/')] = bytes;
        }

        return (index, layer);
    }

    private static byte[] Blob(Dictionary<string, byte[]> blobs, string digest) => blobs[$"blobs/sha256/{digest["sha256:".Length..]}"];
}

/// <summary>scripts/image.sh run once for the test class, into a temp directory (artifacts/ is left alone).</summary>
public sealed class ImageArchive : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-image-").FullName;

    public ImageArchive()
    {
        Path = System.IO.Path.Combine(_dir, "k8snet-image.tar");
        if (Privileges.CanUseNetNs)
        {
            Command.Run("bash", [Repo.File("scripts/image.sh"), "--out", Path], timeout: TimeSpan.FromMinutes(3)).EnsureSuccess("scripts/image.sh");
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
