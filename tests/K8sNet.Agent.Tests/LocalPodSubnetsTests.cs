using K8sNet.Agent.Routes;

namespace K8sNet.Agent.Tests;

/// <summary>The subnet a node's CNI config hands out, read as the runtime picks the config; hostile files give nothing.</summary>
public sealed class LocalPodSubnetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-subnets-").FullName;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    [Fact]
    public void The_first_config_by_name_with_a_bridge_plugin_gives_its_ranges()
    {
        Write("99-loopback.conf", """{"cniVersion":"1.1.0","name":"lo","type":"loopback"}""");
        Write("20-other.conflist", """{"name":"x","plugins":[{"type":"bridge","ipam":{"type":"host-local","subnet":"10.9.0.0/16"}}]}""");
        Write("10-k8snet.conflist", """{"name":"bridge","plugins":[{"type":"k8snet","ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}],[{"subnet":"fd00:10:200::/64"}]]}},{"type":"portmap"}]}""");
        Write("05-notes.txt", "not a config");

        var found = LocalPodSubnets.Read(_dir);

        found.Should().NotBeNull();
        found!.ConfigPath.Should().EndWith("10-k8snet.conflist");
        found.Subnets.Should().Equal("10.200.0.0/24", "fd00:10:200::/64");
    }

    [Fact]
    public void Kubernetes_the_hard_ways_10_bridge_conf_is_read()
    {
        Write("10-bridge.conf", """{"cniVersion":"1.0.0","name":"bridge","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.1.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""");

        LocalPodSubnets.Read(_dir)!.Subnets.Should().Equal("10.200.1.0/24");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"bridge","ipam":"host-local"}""")]
    [InlineData("""{"type":"bridge","ipam":{"ranges":[["10.0.0.0/8"]]}}""")]
    [InlineData("""{"plugins":{"type":"bridge"}}""")]
    public void A_config_that_is_not_one_gives_no_subnet(string text)
    {
        Write("10-bad.conf", text);

        LocalPodSubnets.Read(_dir).Should().BeNull();
        LocalPodSubnets.Read(Path.Combine(_dir, "missing")).Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
