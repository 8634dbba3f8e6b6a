using System.Text.Json.Nodes;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;
using static K8sNet.Agent.Tests.RunningAgent;

namespace K8sNet.Agent.Tests;

/// <summary>
/// `k8snet-agent install` as the DaemonSet's init container or a systemd ExecStartPre runs it (this Node's pod CIDRs
/// from the API, then exactly `k8snet install`), the in-cluster config (service-account directory at its path,
/// token rotated mid-watch), and pod CIDRs on a cluster that never set them (--claim-pod-cidr, a mismatch reported).
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class AgentInstallAndInClusterTests
{
    private static string ServiceAccount(AgentNode node, string token)
    {
        var dir = Directory.CreateDirectory(Path.Combine(node.Dir, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(dir, "ca.crt"), TestPki.CertificatePem(new TestPki("Old CA").Ca) + TestPki.CertificatePem(node.Pki.Ca));
        File.WriteAllText(Path.Combine(dir, "namespace"), "kube-system");
        Rotate(dir, token);
        return dir;
    }

    /// <summary>As the kubelet rotates a projected token: a new file renamed over the old.</summary>
    private static void Rotate(string dir, string token)
    {
        File.WriteAllText(Path.Combine(dir, "..token.tmp"), token);
        File.Move(Path.Combine(dir, "..token.tmp"), Path.Combine(dir, "token"), overwrite: true);
    }

    private static readonly Dictionary<string, string> InCluster = new() { ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "6443" };

    [RootFact]
    public void Install_takes_the_Nodes_pod_CIDRs_from_the_API_and_installs_as_k8snet_install_does()
    {
        using var node = new AgentNode();
        node.AddSeedNodes();
        node.Server.Modify(NodeObjects.Node("w1", "10.240.0.21", "10.200.1.0/24", "fd00:10:200:1::/64"));
        var bin = Path.Combine(node.Dir, "bin");
        var conf = Path.Combine(node.Dir, "net.d");

        var kthw = node.Run(["install", "--kubeconfig", node.Kubeconfig, "--node-name", "w0", "--bin-dir", bin, "--conf-dir", conf, "--plugin-binary", PublishedBinary.Path]);
        var conflist = File.ReadAllText(Path.Combine(conf, "10-k8snet.conflist"));
        var sa = ServiceAccount(node, "token-1");
        node.Server.Tokens["token-1"] = "system:serviceaccount:kube-system:k8snet";
        var inPod = node.Run(["install", "--bin-dir", bin, "--conf-dir", conf, "--plugin-binary", PublishedBinary.Path, "--force"], sa, new Dictionary<string, string>(InCluster) { ["NODE_NAME"] = "w1" });

        kthw.ExitCode.Should().Be(0, kthw.Stdout + kthw.Stderr);
        kthw.Stdout.Should().Contain("node w0: pod CIDR(s) 10.200.0.0/24 from --kubeconfig");
        conflist.Should().Contain("\"subnet\": \"10.200.0.0/24\"");
        File.ReadAllBytes(Path.Combine(bin, "k8snet")).Should().Equal(File.ReadAllBytes(PublishedBinary.Path));
        inPod.ExitCode.Should().Be(0, inPod.Stdout + inPod.Stderr);
        File.ReadAllText(Path.Combine(conf, "10-k8snet.conflist")).Should().Contain("\"subnet\": \"10.200.1.0/24\"").And.Contain("\"subnet\": \"fd00:10:200:1::/64\"");
        node.Server.Requests.Should().Equal(
            "GET /api/v1/nodes/w0 system:kube-proxy HTTP/2",
            "GET /api/v1/nodes/w1 system:serviceaccount:kube-system:k8snet HTTP/2");
    }

    [RootFact]
    public void A_server_given_by_IP_address_is_checked_against_the_IP_in_its_certificate()
    {
        using var node = new AgentNode();
        node.AddSeedNodes();
        var byIp = Path.Combine(node.Dir, "ip.kubeconfig");
        node.WriteKubeconfig(byIp, node.Pki.Client("system:kube-proxy"), server: "https://127.0.0.1:6443");

        var run = node.Run(["install", "--kubeconfig", byIp, "--node-name", "w1", "--dry-run", "--plugin-binary", PublishedBinary.Path,
            "--conf-dir", Path.Combine(node.Dir, "net.d"), "--bin-dir", Path.Combine(node.Dir, "bin")]);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().Contain("node w1: pod CIDR(s) 10.200.1.0/24");
    }

    [RootFact]
    public void A_kubeconfig_with_an_exec_plugin_gets_its_token_from_the_plugin()
    {
        using var node = new AgentNode();
        node.AddSeedNodes();
        var plugin = Path.Combine(node.Dir, "credential-plugin");
        File.WriteAllText(plugin, "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-exec\"}}'\n");
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var kubeconfig = Path.Combine(node.Dir, "exec.kubeconfig");
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: {{TestPki.Data(TestPki.CertificatePem(node.Pki.Ca))}}
                server: https://{{AgentNode.ServerName}}:6443
              name: kthw
            contexts:
            - context:
                cluster: kthw
                user: sso
              name: default
            current-context: default
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {{plugin}}
                  interactiveMode: Never
            """);
        node.Server.Tokens["from-exec"] = "alice";

        var run = node.Run(["install", "--kubeconfig", kubeconfig, "--node-name", "w2", "--dry-run", "--plugin-binary", PublishedBinary.Path,
            "--conf-dir", Path.Combine(node.Dir, "net.d"), "--bin-dir", Path.Combine(node.Dir, "bin")]);

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().Contain("node w2: pod CIDR(s) 10.200.2.0/24").And.Contain("dry run: nothing is written");
        node.Server.Requests.Should().Equal("GET /api/v1/nodes/w2 alice HTTP/2");
    }

    [RootFact]
    public void In_cluster_the_rotated_token_is_used_for_the_next_request()
    {
        using var node = new AgentNode();
        node.AddSeedNodes();
        var sa = ServiceAccount(node, "token-1");
        node.Server.Tokens["token-1"] = "system:serviceaccount:kube-system:k8snet";

        var agent = node.Start(["routes", "--state-file", node.StateFile, "--conf-dir", node.Dir], sa, InCluster);
        Eventually(() => node.Routes() == "10.200.1.0/24 via 10.240.0.21\n10.200.2.0/24 via 10.240.0.22" && node.Server.OpenWatches == 1).Should().BeTrue(agent.Output);
        Rotate(sa, "token-2");
        node.Server.Tokens["token-2"] = "system:serviceaccount:kube-system:k8snet";
        node.Server.Tokens.TryRemove("token-1", out _);
        node.Server.DropWatches();
        node.Server.Add(NodeObjects.Node("w3", "10.240.0.23", "10.200.3.0/24"));

        Eventually(() => node.Routes().Contains("10.200.3.0/24 via 10.240.0.23", StringComparison.Ordinal)).Should().BeTrue(agent.Output);
        node.Server.Requests.Should().OnlyContain(r => r.Contains(" system:serviceaccount:kube-system:k8snet ", StringComparison.Ordinal), "no request went out with the old token");
    }

    [RootFact]
    public void Claim_pod_cidr_sets_an_empty_one_and_a_mismatch_is_reported_to_log_metric_and_inspect()
    {
        using var node = new AgentNode();
        var conf = Path.Combine(node.Dir, "10-bridge.conf");
        // Kubernetes The Hard Way's configs/10-bridge.conf with node-0's SUBNET (and a private lease dir).
        File.WriteAllText(conf, $$"""
            {"cniVersion": "1.0.0", "name": "bridge", "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true,
             "ipam": {"type": "host-local", "dataDir": "{{node.Dir}}/leases", "ranges": [[{"subnet": "10.200.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}] } }
            """);
        node.Server.Add(NodeObjects.Node("w0", "10.240.0.20"));
        node.Server.Add(NodeObjects.Node("w1", "10.240.0.21", "10.200.1.0/24"));

        var agent = node.Start(["routes", "--kubeconfig", node.Kubeconfig, "--state-file", node.StateFile, "--conf-dir", node.Dir, "--claim-pod-cidr"]);

        Eventually(() => node.Server.Get("w0")?["spec"]?["podCIDR"]?.GetValue<string>() == "10.200.0.0/24").Should().BeTrue(agent.Output);
        node.Server.Get("w0")!["spec"]!["podCIDRs"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("10.200.0.0/24");
        node.Server.Requests.Should().Contain(r => r.StartsWith("PATCH /api/v1/nodes/w0 ", StringComparison.Ordinal));
        Eventually(() => agent.Stderr.Contains("pod CIDR claim: set node w0's empty spec.podCIDRs to [10.200.0.0/24]", StringComparison.Ordinal)).Should().BeTrue(agent.Output);
        agent.Metric("k8snet_agent_pod_cidr_mismatch").Should().Be(0);

        File.WriteAllText(conf, File.ReadAllText(conf).Replace("10.200.0.0/24", "10.200.9.0/24", StringComparison.Ordinal));
        node.Server.Add(NodeObjects.Node("w2", "10.240.0.22", "10.200.2.0/24"));

        Eventually(() => agent.Metric("k8snet_agent_pod_cidr_mismatch") == 1).Should().BeTrue(agent.Output);
        node.Server.Get("w0")!["spec"]!["podCIDR"]!.GetValue<string>().Should().Be("10.200.0.0/24", "a set pod CIDR is never changed");
        agent.Stderr.Should().Contain("pod CIDR mismatch: node w0: spec.podCIDRs [10.200.0.0/24] differ from the subnet(s) [10.200.9.0/24]");
        var inspect = Command.Run("ip", ["netns", "exec", node.Node.Name, PublishedBinary.Path, "inspect", "--config", conf, "--state-file", node.StateFile],
            environment: new Dictionary<string, string?> { ["CNI_COMMAND"] = null });
        inspect.ExitCode.Should().Be(3, inspect.Stdout + inspect.Stderr);
        inspect.Stdout.Should().Contain("differ from the subnet(s) [10.200.9.0/24] of " + conf);
    }
}
