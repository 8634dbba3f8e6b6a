using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using K8sNet.Agent.Api;
using K8sNet.Testing.KubeApi;

namespace K8sNet.Agent.Tests;

/// <summary>
/// The two facts about KubernetesClient.Aot 21.0.8 that made the agent check the server itself, checked on the
/// package (not its source): certificate-authority-data keeps only the first certificate of a bundle, and the
/// library's check accepts a certificate of the right CA issued for another name. And the agent's own check.
/// </summary>
public sealed class CertificateCheckTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TestPki _other = new("Other CA");
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-cert-").FullName;

    private string Kubeconfig(string caPem)
    {
        var path = Path.Combine(_dir, "kubeconfig");
        var client = _pki.Client("admin");
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {certificate-authority-data: {{TestPki.Data(caPem)}}, server: "https://server.kubernetes.local:6443"}
              name: kthw
            contexts:
            - context: {cluster: kthw, user: admin}
              name: default
            current-context: default
            users:
            - name: admin
              user:
                client-certificate-data: {{TestPki.Data(TestPki.CertificatePem(client))}}
                client-key-data: {{TestPki.Data(TestPki.KeyPem(client))}}
            """);
        return path;
    }

    [Fact]
    public void The_library_keeps_only_the_first_CA_of_a_bundle_the_agent_keeps_all()
    {
        var bundle = TestPki.CertificatePem(_other.Ca) + TestPki.CertificatePem(new TestPki("Third").Ca) + TestPki.CertificatePem(_pki.Ca);
        var path = Kubeconfig(bundle);

        var library = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        var agent = ApiSource.FromKubeconfig(path);

        library.SslCaCerts.Should().ContainSingle().Which.Subject.Should().Be("CN=Other CA", "KubernetesClient.Aot 21.0.8 reads one certificate");
        agent.Authorities.Select(c => c.Subject).Should().Equal("CN=Other CA", "CN=Third", "CN=CA");
        new ServerCertificateCheck(agent.Authorities, "server.kubernetes.local", "test").Why(_pki.Server(["server.kubernetes.local"]), null).Should().BeNull();
    }

    [Fact]
    public void The_library_accepts_a_certificate_of_its_CA_for_another_name_the_agent_does_not()
    {
        var kubelet = _pki.Server(["node-0", "node-0.kubernetes.local"], [IPAddress.Parse("10.240.0.21")]);
        using var chain = new X509Chain();

        var library = k8s.Kubernetes.CertificateValidationCallBack(this, [_pki.Ca], kubelet, chain,
            SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch);
        var agent = new ServerCertificateCheck([_pki.Ca], "server.kubernetes.local", "test").Why(kubelet, null);

        library.Should().BeTrue("the 21.0.8 callback ignores the name mismatch when the chain reaches the CA");
        agent.Should().Be("certificate for another name: the server's certificate names node-0, node-0.kubernetes.local, 10.240.0.21, not server.kubernetes.local");
    }

    [Fact]
    public void Unknown_authority_expired_and_IP_names_are_told_apart()
    {
        var check = new ServerCertificateCheck([_pki.Ca], "10.32.0.1", "--kubeconfig k");

        check.Why(_pki.Server(["kubernetes"], [IPAddress.Parse("10.32.0.1")]), null).Should().BeNull("an IP SAN names the IP dialled");
        check.Why(_other.Server(["kubernetes"], [IPAddress.Parse("10.32.0.1")]), null).Should()
            .StartWith("unknown authority: the server's certificate (issued by CN=Other CA) does not chain to the CA of --kubeconfig k (CN=CA)");
        check.Why(_pki.Issue("kubernetes", [], [IPAddress.Parse("10.32.0.1")], notBefore: DateTimeOffset.UtcNow.AddDays(-3), notAfter: DateTimeOffset.UtcNow.AddDays(-2)), null)
            .Should().StartWith("expired certificate: the server's certificate expired at ");
        check.Why(_pki.Issue("10.32.0.1", [], []), null).Should().Be("certificate for another name: the server's certificate names no subjectAltName, not 10.32.0.1",
            "the common name is not a name (Go since 1.15)");
    }

    [Fact]
    public void A_CA_file_relative_to_the_kubeconfig_and_a_token_are_read_and_unsafe_servers_are_refused()
    {
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), TestPki.CertificatePem(_other.Ca) + TestPki.CertificatePem(_pki.Ca));
        var path = Path.Combine(_dir, "kubeconfig");
        string Config(string cluster) => $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {{{cluster}}}
              name: c
            contexts:
            - context: {cluster: c, user: u}
              name: default
            current-context: default
            users:
            - name: u
              user: {token: abc}
            """;

        File.WriteAllText(path, Config("certificate-authority: ca.pem, server: \"https://[fd00::1]:6443\""));
        var source = ApiSource.FromKubeconfig(path);
        File.WriteAllText(path, Config("insecure-skip-tls-verify: true, server: \"https://10.32.0.1\""));
        var insecure = Refusal(path);
        File.WriteAllText(path, Config("certificate-authority: ca.pem, server: \"http://10.32.0.1:8080\""));
        var plain = Refusal(path);

        source.Authorities.Select(c => c.Subject).Should().Equal("CN=Other CA", "CN=CA");
        source.Config.AccessToken.Should().Be("abc");
        ServerCertificateCheck.HostOf(source.Server).Should().Be("fd00::1");
        insecure.Should().Contain("insecure-skip-tls-verify is set: the agent always verifies the API server");
        plain.Should().Contain("is not an https:// URL");
    }

    private static string Refusal(string kubeconfig)
    {
        var load = () => ApiSource.FromKubeconfig(kubeconfig);
        return load.Should().Throw<ApiException>().Which.Message;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
