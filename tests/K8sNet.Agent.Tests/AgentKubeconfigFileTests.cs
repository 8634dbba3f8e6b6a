using System.Net;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;

namespace K8sNet.Agent.Tests;

/// <summary>
/// A kubeconfig as `kubectl config set-cluster` writes it without --embed-certs (the CA, client certificate and key as
/// files, paths relative to the kubeconfig's directory), with `tls-server-name`: the server is dialled by address,
/// and its certificate must name the tls-server-name (as kubectl checks it), not the address and not another name.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class AgentKubeconfigFileTests
{
    private static string Kubeconfig(AgentNode node, string? tlsServerName)
    {
        var dir = Directory.CreateDirectory(Path.Combine(node.Dir, "pki")).FullName;
        var client = node.Pki.Client("system:kube-proxy", "system:node-proxier");
        File.WriteAllText(Path.Combine(dir, "ca.crt"), TestPki.CertificatePem(node.Pki.Ca));
        File.WriteAllText(Path.Combine(dir, "kube-proxy.crt"), TestPki.CertificatePem(client));
        File.WriteAllText(Path.Combine(dir, "kube-proxy.key"), TestPki.KeyPem(client));
        var path = Path.Combine(dir, "kube-proxy.kubeconfig");
        var name = tlsServerName is null ? string.Empty : $"\n    tls-server-name: {tlsServerName}";
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority: ca.crt
                server: https://127.0.0.1:6443{{name}}
              name: kubernetes-the-hard-way
            contexts:
            - context:
                cluster: kubernetes-the-hard-way
                user: system:kube-proxy
              name: default
            current-context: default
            users:
            - name: system:kube-proxy
              user:
                client-certificate: kube-proxy.crt
                client-key: kube-proxy.key
            """);
        return path;
    }

    private static CommandResult Install(AgentNode node, string kubeconfig) =>
        node.Run(["install", "--kubeconfig", kubeconfig, "--node-name", "w1", "--plugin-binary", PublishedBinary.Path,
            "--conf-dir", Path.Combine(node.Dir, "net.d"), "--bin-dir", Path.Combine(node.Dir, "bin")]);

    [RootFact]
    public void Files_next_to_the_kubeconfig_and_tls_server_name_reach_a_server_whose_certificate_names_only_that_name()
    {
        using var node = new AgentNode(serverCertificate: pki => pki.Server([AgentNode.ServerName]));
        node.AddSeedNodes();

        var run = Install(node, Kubeconfig(node, AgentNode.ServerName));

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        File.ReadAllText(Path.Combine(node.Dir, "net.d", "10-k8snet.conflist")).Should().Contain("\"subnet\": \"10.200.1.0/24\"");
        node.Server.Requests.Should().Equal("GET /api/v1/nodes/w1 system:kube-proxy HTTP/2");
    }

    [RootTheory]
    [InlineData(null, "not 127.0.0.1")]
    [InlineData("node-0.kubernetes.local", "not node-0.kubernetes.local")]
    public void A_certificate_that_names_neither_the_tls_server_name_nor_the_address_dialled_is_refused(string? tlsServerName, string expected)
    {
        using var node = new AgentNode(serverCertificate: pki => pki.Server([AgentNode.ServerName]));
        node.AddSeedNodes();

        var run = Install(node, Kubeconfig(node, tlsServerName));

        run.ExitCode.Should().Be(1, run.Stdout + run.Stderr);
        run.Stderr.Should().Contain($"refused: certificate for another name: the server's certificate names {AgentNode.ServerName}, {expected}");
        node.Server.Requests.Should().BeEmpty();
        Directory.Exists(Path.Combine(node.Dir, "net.d")).Should().BeFalse();
    }
}
