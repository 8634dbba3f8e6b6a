using System.Net;
using K8sNet.Testing;
using K8sNet.Testing.KubeApi;

namespace K8sNet.Agent.Tests;

/// <summary>
/// A connection the agent must refuse, or that the API server refuses, ends `routes` and `install` with one line
/// saying why (not the client library's generic "rejected by the validation callback"), no route and no file.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class AgentRefusalTests
{
    public static TheoryData<string> Cases => ["another name", "unknown authority", "expired", "401", "403"];

    [RootTheory]
    [MemberData(nameof(Cases))]
    public void A_refused_connection_says_why_in_one_line_and_changes_nothing(string refusal)
    {
        using var node = new AgentNode(serverCertificate: refusal switch
        {
            // In KTHW the CA signs every kubelet's certificate too: node-0's would pass a check without names.
            "another name" => pki => pki.Server(["node-0", "node-0.kubernetes.local"], [IPAddress.Parse("10.240.0.21")]),
            "unknown authority" => _ => new TestPki("Someone Else").Server([AgentNode.ServerName]),
            "expired" => pki => pki.Issue("kubernetes", [AgentNode.ServerName], [], notBefore: DateTimeOffset.UtcNow.AddDays(-3), notAfter: DateTimeOffset.UtcNow.AddDays(-2)),
            _ => null,
        });
        node.AddSeedNodes();
        if (refusal == "401")
        {
            node.WriteKubeconfig(node.Kubeconfig, new TestPki("Someone Else").Client("system:kube-proxy"));
        }

        if (refusal == "403")
        {
            node.Server.Authorize = (_, _) => false;
        }

        var expected = refusal switch
        {
            "another name" => "refused: certificate for another name: the server's certificate names node-0, node-0.kubernetes.local, 10.240.0.21, not server.kubernetes.local",
            "unknown authority" => "refused: unknown authority: the server's certificate (issued by CN=Someone Else) does not chain to the CA of --kubeconfig",
            "expired" => "refused: expired certificate: the server's certificate expired at ",
            "401" => "401 Unauthorized: the API server did not accept the credentials of --kubeconfig",
            _ => "is forbidden: User \"system:kube-proxy\" cannot ", // list (routes) or get (install) resource "nodes"
        };
        var confDir = Path.Combine(node.Dir, "net.d");
        var binDir = Path.Combine(node.Dir, "bin");

        var routes = node.Run(["routes", "--kubeconfig", node.Kubeconfig, "--state-file", node.StateFile, "--conf-dir", confDir]);
        var install = node.Run(["install", "--kubeconfig", node.Kubeconfig, "--node-name", "w0", "--conf-dir", confDir, "--bin-dir", binDir, "--plugin-binary", PublishedBinary.Path]);

        foreach (var run in new[] { routes, install })
        {
            run.ExitCode.Should().Be(1, run.Stdout + run.Stderr);
            run.Stderr.Should().Contain(expected).And.NotContain("validation callback").And.NotContain("   at ");
            if (refusal == "403")
            {
                run.Stderr.Should().Contain("403 Forbidden: nodes");
            }

            run.Stderr.Trim().Split('\n').Where(l => !l.Contains("watching nodes at", StringComparison.Ordinal)).Should().ContainSingle("one line says why");
        }

        node.Routes().Should().BeEmpty();
        File.Exists(node.StateFile).Should().BeFalse();
        Directory.Exists(confDir).Should().BeFalse();
        Directory.Exists(binDir).Should().BeFalse();
    }
}
