namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Configs as runtimes send them.</summary>
public static class TestConfigs
{
    /// <summary>The Kubernetes-the-hard-way bridge config K8sNet must accept unchanged.</summary>
    public const string Seed =
        """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""";

    public static readonly string[] AllVersions = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    /// <summary>The smallest valid config for one spec version.</summary>
    public static string Minimal(string cniVersion) =>
        $$"""{"cniVersion":"{{cniVersion}}","name":"k8snet","type":"bridge"}""";
}
