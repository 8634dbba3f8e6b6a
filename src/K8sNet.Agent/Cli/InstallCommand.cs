using System.CommandLine;
using System.Text.Json;
using K8sNet.Agent.Api;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Operator.Install;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Cli;

/// <summary>
/// k8snet-agent install: `k8snet install` (the same flags and code, <see cref="InstallCommandLine"/>) with the pod
/// CIDRs read from this Node's spec.podCIDRs in the API (or --pod-cidr), copying --plugin-binary. For the
/// DaemonSet's init container and a systemd ExecStartPre: no shell, no kubectl.
/// </summary>
internal static class InstallCommand
{
    public static Command Build()
    {
        var kubeconfig = AgentCli.Kubeconfig();
        var nodeName = AgentCli.NodeName();
        var podCidr = new Option<string[]>("--pod-cidr")
        {
            Description = "The pod CIDR(s) instead of this Node's spec.podCIDRs (repeat or comma-separate for dual stack); the API is then not asked",
            AllowMultipleArgumentsPerToken = true,
        };
        var plugin = new Option<string>("--plugin-binary")
        {
            Description = "The k8snet binary to install (default: k8snet in this program's directory)",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "k8snet"),
        };
        var flags = new InstallCommandLine();
        var command = new Command(
            "install",
            "Install k8snet on this node with this Node's pod CIDRs from the API (one-shot).\n\n" +
            "Install k8snet on this node exactly as `k8snet install` does, with this Node's pod CIDRs from the API: copy the\n" +
            "plugin binary into the CNI bin dir and write " + InstallOptions.ConfFileName + " into the conf dir.\n" + InstallCommandLine.Description + "\n\n" +
            "Examples:\n  k8snet-agent install --bin-dir /host/opt/cni/bin --conf-dir /host/etc/cni/net.d\n" +
            "  k8snet-agent install --kubeconfig /var/lib/kubelet/kubeconfig --node-name node-0\n" +
            "  k8snet-agent install --pod-cidr 10.200.0.0/24 --dry-run");
        command.Options.Add(kubeconfig);
        command.Options.Add(nodeName);
        command.Options.Add(podCidr);
        command.Options.Add(plugin);
        flags.AddTo(command);
        command.SetAction((parse, cancel) => AgentCli.Guard("install", async () =>
        {
            var given = (parse.GetValue(podCidr) ?? []).SelectMany(c => InstallOptions.SplitCidrs(c)).ToList();
            var cidrs = given.Count > 0 ? given : await FromApi(parse.GetValue(kubeconfig), parse.GetValue(nodeName), cancel).ConfigureAwait(false);
            var source = Path.GetFullPath(parse.GetValue(plugin)!);
            if (!File.Exists(source))
            {
                throw new InstallException($"--plugin-binary {source}: no such file");
            }

            return flags.Run(parse, flags.Read(parse, cidrs, source), "k8snet-agent install");
        }));
        return command;
    }

    /// <summary>This Node's pod CIDRs: GET the named node, or list them and take the one with an InternalIP of this host.</summary>
    private static async Task<IReadOnlyList<string>> FromApi(string? kubeconfig, string? nodeName, CancellationToken cancel)
    {
        using var api = new ApiClient(ApiSource.Load(kubeconfig));
        var path = nodeName is null ? "/api/v1/nodes?resourceVersion=0" : $"/api/v1/nodes/{Uri.EscapeDataString(nodeName)}";
        byte[] body;
        using (var response = await api.SendAsync(HttpMethod.Get, path, null, stream: false, cancel).ConfigureAwait(false))
        {
            body = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        }

        KubeNode node;
        if (nodeName is null)
        {
            var list = NodeListJson.Parse(body);
            using var netlink = RouteNetlink.Open();
            var self = SelfNode.Find(list.Nodes, null, netlink.ListAddresses());
            node = list.Nodes.First(n => n.Name == self);
        }
        else
        {
            node = ReadNode(body, nodeName);
        }

        if (node.PodCidrs.Count == 0)
        {
            throw new InstallException($"node {node.Name} has no spec.podCIDRs (yet): nothing to install; pass --pod-cidr, or give the node its pod CIDR " +
                "(kube-controller-manager --allocate-node-cidrs, `kubectl patch node`, or `k8snet-agent routes --claim-pod-cidr`)");
        }

        Console.Out.WriteLine($"node {node.Name}: pod CIDR(s) {string.Join(", ", node.PodCidrs)} from {api.Source.Description}");
        return [.. node.PodCidrs.Select(c => c.ToString())];
    }

    private static KubeNode ReadNode(byte[] body, string name)
    {
        using var document = ParseNode(body, name);
        var problems = new List<NodeProblem>();
        return NodeJson.Read(document.RootElement, name, problems)
            ?? throw new NodeListException(string.Join("; ", problems));
    }

    private static JsonDocument ParseNode(byte[] body, string name)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new NodeListException($"node {name}: the API server's answer is not JSON: {ex.Message}");
        }
    }
}
