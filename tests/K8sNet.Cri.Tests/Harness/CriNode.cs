using System.Diagnostics;
using Grpc.Core;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// A throwaway Kubernetes node as far as a pod's network goes: a node netns, a CNI bin dir and conf dir filled by
/// the published binary's own `k8snet install`, and a <see cref="PrivateContainerd"/> with the pause image, driven
/// through <see cref="Cri"/> as kubelet drives it. Dispose removes the pods (through CRI), containerd and its
/// processes, the pods' cgroups, the netns and the temp dirs, also after a failed test.
/// </summary>
public sealed partial class CriNode : IDisposable
{
    public const string PodCidr = "10.88.0.0/24";
    public const string Gateway = "10.88.0.1";
    public const string Network = "bridge";

    private static int _pods;

    private readonly string _cgroupParent;
    private PrivateContainerd? _containerd;

    /// <param name="cniVersion">The conflist's cniVersion, as `k8snet install --cni-version` writes it.</param>
    /// <param name="editConflist">
    /// Changes the conflist install wrote before containerd reads it (e.g. a later test chaining portmap with the
    /// portMappings capability); null keeps install's file as it is.
    /// </param>
    public CriNode(string cniVersion = "1.0.0", Func<string, string>? editConflist = null)
    {
        Dirs = NodeDirs.Create();
        Node = TestNetNs.Create("crinode");
        _cgroupParent = "k8snet-cri-" + Path.GetFileName(Dirs.Base).Replace("k8snet-cri-", "");
        try
        {
            Install(cniVersion);
            if (editConflist is not null)
            {
                File.WriteAllText(Conflist, editConflist(File.ReadAllText(Conflist)));
            }

            _containerd = PrivateContainerd.Start(Node, Dirs);
            Cri = new CriClient(Dirs.Socket);
            WaitFor("containerd's CRI to answer", () => Cri.Version() is not null);
            _containerd.Import(PauseImage.ArchivePath);
            WaitFor("the CRI plugin to see the pause image", () => Cri.HasImage(PauseImage.Reference));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NodeDirs Dirs { get; }

    /// <summary>The one config in the conf dir (containerd loads the first only: max_conf_num = 1).</summary>
    public string Conflist => Path.Combine(Dirs.CniConf, "10-k8snet.conflist");

    public TestNetNs Node { get; }

    public CriClient Cri { get; private set; } = null!;

    /// <summary>A pod as kubelet sends it: unique name and uid, attempt 0, in this node's cgroup parent.</summary>
    public PodSpec NewPod(string name = "web", string ns = "default") =>
        new($"{name}-{Interlocked.Increment(ref _pods)}", ns, Guid.NewGuid().ToString(), 0, "/" + _cgroupParent);

    public void Dispose()
    {
        if (Cri is not null)
        {
            RemoveAllPods();
            Cri.Dispose();
        }

        _containerd?.Dispose();
        _containerd = null;
        RemoveCgroups();
        Node.Dispose();
        if (Environment.GetEnvironmentVariable("K8SNET_CRI_KEEP") == "1")
        {
            return; // For a post-mortem: containerd's log, runc's logs, the plugin's log, the leases.
        }

        try
        {
            Directory.Delete(Dirs.Base, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// `k8snet install` from the published binary, as a node's installer runs it: K8sNet under bridge and host-local
    /// on request, and loopback by default. Nothing else goes into the bin dir. The constructor runs it; a test may
    /// run it again (it repairs what is missing and leaves what is identical).
    /// </summary>
    public void Install(string cniVersion = "1.0.0") =>
        Command.Run(PublishedBinary.Path,
                ["install", "--bin-dir", Dirs.CniBin, "--conf-dir", Dirs.CniConf, "--pod-cidr", PodCidr, "--cni-version", cniVersion,
                    "--also-as-bridge", "--also-as-host-local"],
                environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null })
            .EnsureSuccess("k8snet install");

    private void RemoveAllPods()
    {
        try
        {
            foreach (var pod in Cri.ListPods())
            {
                Cri.StopPod(pod.Id);
                Cri.RemovePod(pod.Id);
            }
        }
        catch (RpcException)
        {
            // containerd is ended below either way; its processes and the netns go with it.
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>runc leaves the parent cgroup directories it made; only empty cgroups remain, rmdir takes them.</summary>
    private void RemoveCgroups()
    {
        foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(hierarchy, _cgroupParent);
            if (!Directory.Exists(parent))
            {
                continue;
            }

            foreach (var dir in Directory.GetDirectories(parent, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(parent))
            {
                try
                {
                    Directory.Delete(dir, recursive: false);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private void WaitFor(string what, Func<bool> ready)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            _containerd!.EnsureRunning();
            try
            {
                if (ready())
                {
                    return;
                }
            }
            catch (RpcException e)
            {
                last = e;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"waited 30 s for {what}: {last?.Message}\n{_containerd!.LogTail()}");
    }
}
