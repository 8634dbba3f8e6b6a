using K8sNet.Cni;
using K8sNet.Ipam.Config;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

public sealed class RangeParsingTests
{
    private static IpamConfig Load(string ipam, string extra = "", string cniArgs = "") =>
        IpamConfigLoader.Load(Invocation(Net(ipam, extra: extra), cniArgs: cniArgs));

    private static CniException Refused(string ipam, string extra = "")
    {
        var act = () => Load(ipam, extra);
        return act.Should().Throw<CniException>().Which;
    }

    [Fact]
    public void An_ipv4_subnet_defaults_to_gateway_dot_1_and_ends_before_broadcast()
    {
        var range = Load("""{"type":"host-local","ranges":[[{"subnet":"10.1.2.0/24"}]]}""").RangeSets[0].Ranges[0];
        range.Start.ToString().Should().Be("10.1.2.1");
        range.End.ToString().Should().Be("10.1.2.254");
        range.Gateway.ToString().Should().Be("10.1.2.1");
    }

    [Fact]
    public void An_ipv6_subnet_ends_at_its_last_address()
    {
        var range = Load("""{"type":"host-local","ranges":[[{"subnet":"fd00:1::/120"}]]}""").RangeSets[0].Ranges[0];
        range.End.ToString().Should().Be("fd00:1::ff");
        range.Gateway.ToString().Should().Be("fd00:1::1");
    }

    [Fact]
    public void The_data_dir_defaults_to_var_lib_cni_networks()
    {
        var config = Load("""{"type":"host-local","subnet":"10.0.0.0/24"}""");
        config.NetworkDir.Should().Be("/var/lib/cni/networks/testnet");
    }

    [Theory]
    [InlineData("10.0.0.1/24", "host bits set")]
    [InlineData("10.0.0.0/31", "too small")]
    [InlineData("10.0.0.0/32", "too small")]
    [InlineData("fd00::/127", "too small")]
    [InlineData("fd00::/128", "too small")]
    [InlineData("10.0.0.0", "not a CIDR")]
    public void A_bad_subnet_is_refused_naming_it(string subnet, string reason)
    {
        var error = Refused($$"""{"type":"host-local","ranges":[[{"subnet":"{{subnet}}"}]]}""");
        error.Code.Should().Be(CniErrorCode.InvalidConfig);
        error.Message.Should().Contain(reason).And.Contain("ipam.ranges[0][0]").And.Contain("range set 0");
    }

    [Fact]
    public void A_range_start_outside_the_subnet_is_refused()
    {
        Refused("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24","rangeStart":"10.0.1.5"}]]}""")
            .Message.Should().Contain("rangeStart 10.0.1.5 not in network 10.0.0.0/24");
    }

    [Fact]
    public void A_range_end_outside_the_subnet_is_refused()
    {
        Refused("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24","rangeEnd":"10.0.1.5"}]]}""")
            .Message.Should().Contain("rangeEnd 10.0.1.5 not in network 10.0.0.0/24");
    }

    [Fact]
    public void Overlapping_range_sets_are_refused_naming_both()
    {
        Refused("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/16"}],[{"subnet":"10.0.5.0/24"}]]}""")
            .Message.Should().Contain("range set 1 overlaps with 0");
    }

    [Fact]
    public void Overlapping_ranges_inside_one_set_are_refused()
    {
        Refused("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/16"},{"subnet":"10.0.5.0/24"}]]}""")
            .Message.Should().Contain("subnets 10.0.0.0/16 and 10.0.5.0/24 overlap");
    }

    [Fact]
    public void A_set_mixing_families_is_refused()
    {
        Refused("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24"},{"subnet":"fd00::/64"}]]}""")
            .Message.Should().Contain("mixed address families");
    }

    [Fact]
    public void A_config_without_ranges_is_refused()
    {
        Refused("""{"type":"host-local"}""").Message.Should().Contain("no IP ranges specified");
    }

    [Fact]
    public void A_missing_ipam_section_is_refused()
    {
        var act = () => IpamConfigLoader.Load(Invocation("""{"cniVersion":"1.0.0","name":"n","type":"bridge"}"""));
        act.Should().Throw<CniException>().WithMessage("*ipam*");
    }

    [Fact]
    public void A_wrongly_typed_field_is_code_7_naming_it()
    {
        var error = Refused("""{"type":"host-local","ranges":"10.0.0.0/24"}""");
        error.Code.Should().Be(CniErrorCode.InvalidConfig);
        error.Message.Should().Contain("ipam.ranges");
    }

    [Fact]
    public void Runtime_ip_ranges_come_first_then_the_legacy_range_then_ranges()
    {
        var config = Load(
            """{"type":"host-local","subnet":"10.1.0.0/24","ranges":[[{"subnet":"10.2.0.0/24"}]]}""",
            extra: ""","runtimeConfig":{"ipRanges":[[{"subnet":"10.3.0.0/24"}]]}""");
        config.RangeSets.Select(s => s.Ranges[0].Subnet).Should().Equal("10.3.0.0/24", "10.1.0.0/24", "10.2.0.0/24");
        config.RangeSets.Select(s => s.Index).Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Legacy_range_keeps_its_explicit_bounds_and_gateway()
    {
        var range = Load("""{"type":"host-local","subnet":"10.1.0.0/24","rangeStart":"10.1.0.10","rangeEnd":"10.1.0.20","gateway":"10.1.0.254"}""")
            .RangeSets[0].Ranges[0];
        (range.Start.ToString(), range.End.ToString(), range.Gateway.ToString()).Should().Be(("10.1.0.10", "10.1.0.20", "10.1.0.254"));
    }

    [Fact]
    public void Routes_with_a_bad_destination_are_refused_naming_the_route()
    {
        Refused("""{"type":"host-local","subnet":"10.1.0.0/24","routes":[{"dst":"0.0.0.0/0"},{"dst":"nope"}]}""")
            .Message.Should().Contain("ipam.routes[1].dst");
    }

    [Fact]
    public void Args_cni_ips_win_over_cni_args_ip()
    {
        var config = Load(
            """{"type":"host-local","subnet":"10.1.0.0/24"}""", extra: ""","args":{"cni":{"ips":["10.1.0.7"]}}""", cniArgs: "IP=10.1.0.8");
        config.RequestedIps.Select(i => i.ToString()).Should().Equal("10.1.0.7");
    }

    [Fact]
    public void Cni_args_ip_is_used_without_args_and_runtime_ips_are_added()
    {
        var config = Load(
            """{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}],[{"subnet":"fd00::/64"}]]}""",
            extra: ""","runtimeConfig":{"ips":["fd00::9/64"]}""", cniArgs: "IgnoreUnknown=1;IP=10.1.0.8/24");
        config.RequestedIps.Select(i => i.ToString()).Should().Equal("10.1.0.8", "fd00::9");
    }

    [Fact]
    public void A_network_name_that_would_escape_the_data_dir_is_refused()
    {
        var act = () => IpamConfigLoader.NetworkDirectory("/tmp/data", "../etc");
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.InvalidConfig);
    }
}
