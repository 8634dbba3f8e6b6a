using K8sNet.Operator.Config;

namespace K8sNet.Operator.Tests;

public sealed class ConfigCheckerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("k8snet-op-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(RepoFiles.ConfFiles), MemberType = typeof(RepoFiles))]
    public void Every_example_config_in_conf_is_valid(string file)
    {
        ConfigChecker.Check(Path.Combine(RepoFiles.ConfDir, file)).Should().BeEmpty();
    }

    [Fact]
    public void The_seed_config_is_shipped_verbatim()
    {
        File.ReadAllText(Path.Combine(RepoFiles.ConfDir, "10-bridge.conf")).Trim().Should().Be(
            """{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""");
    }

    [Fact]
    public void Names_each_bad_field_of_a_single_config_with_its_reason()
    {
        var path = Temp("bad.conf", """{"cniVersion":"9.9.9","name":"b r","type":"bridge","vlan":5000,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/33"}]]}}""");

        var problems = ConfigChecker.Check(path);

        problems.Select(p => p.Field).Should().Equal("name", "cniVersion", "vlan", "ipam.ranges[0][0].subnet");
        problems.Single(p => p.Field == "vlan").Reason.Should().Contain("5000 is outside 0-4094");
        problems.Single(p => p.Field == "cniVersion").Reason.Should().Contain("9.9.9");
    }

    [Fact]
    public void Vlan_with_vlanTrunk_is_refused_naming_both_fields()
    {
        var path = Temp("vlan.conf", """{"cniVersion":"1.0.0","name":"n","type":"bridge","vlan":100,"vlanTrunk":[{"id":5}],"ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]]}}""");

        var problem = ConfigChecker.Check(path).Should().ContainSingle().Subject;

        problem.Field.Should().Be("vlan");
        problem.Reason.Should().Contain("cannot set vlan and vlanTrunk at the same time");
    }

    [Fact]
    public void Names_conflist_fields_by_their_member_position()
    {
        var path = Temp("bad.conflist", """
            {"cniVersion":"1.0.0","name":"n","plugins":[{"type":"portmap"},{"type":"k8snet","mtu":"big","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24"}]],"routes":[{"dst":"x"}]}},{"capabilities":{}}]}
            """);

        var problems = ConfigChecker.Check(path);

        problems.Select(p => p.Field).Should().Equal("plugins[1].mtu", "plugins[1].ipam.routes[0].dst", "plugins[2].type");
        problems[0].Reason.Should().Contain("wrong type");
    }

    [Fact]
    public void A_conflist_without_a_k8snet_member_is_reported()
    {
        var path = Temp("x.conflist", """{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"portmap"}]}""");

        ConfigChecker.Check(path).Should().ContainSingle().Which.Field.Should().Be("plugins");
    }

    [Theory]
    [InlineData("not json", "(file)")]
    [InlineData("[1]", "(file)")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","plugins":{}}""", "plugins")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","plugins":[]}""", "plugins")]
    public void A_file_that_is_not_a_config_names_why(string content, string field)
    {
        var path = Temp("x.conflist", content);

        ConfigChecker.Check(path).Should().ContainSingle().Which.Field.Should().Be(field);
    }

    [Fact]
    public void A_missing_file_is_a_problem_not_an_exception()
    {
        ConfigChecker.Check("/nonexistent/k8snet.conf").Should().ContainSingle().Which.Reason.Should().Contain("cannot read");
    }

    [Fact]
    public void Conflist_members_get_the_list_name_and_version_like_libcni_gives_them()
    {
        var file = NetworkConfigFile.Load(Path.Combine(RepoFiles.ConfDir, "10-k8snet-portmap-bandwidth.conflist"));

        var network = K8sNetNetwork.From(file).Should().ContainSingle().Subject;
        network.Name.Should().Be("k8s-pod-network");
        network.Bridge.Should().Be("cnio0");
        network.NetworkDir.Should().Be("/var/lib/cni/networks/k8s-pod-network");
        file.Plugins.Select(p => p.Type).Should().Equal("k8snet", "portmap", "bandwidth");
    }

    [Fact]
    public void A_portmap_member_is_checked_with_the_plugins_own_rules()
    {
        var path = Temp("pm.conflist", """{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"k8snet","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24"}]]}},{"type":"portmap","capabilities":{"portMappings":true},"markMasqBit":40}]}""");

        ConfigChecker.Check(path).Should().ContainSingle().Which.Reason.Should().Contain("MasqMarkBit must be between 0 and 31");
    }

    private string Temp(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
