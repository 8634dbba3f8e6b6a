using K8sNet.Bridge.Config;
using K8sNet.Bridge.Planning;
using K8sNet.Cni.Results;

namespace K8sNet.Bridge.Tests;

public sealed class GatewayPlannerTests
{
    [Fact]
    public void Seed_config_points_the_ip_at_the_container_interface_and_routes_default_via_the_gateway()
    {
        var result = IpamResult(("10.200.0.2/24", "10.200.0.1"));
        result.Routes = [new CniRoute { Dst = "0.0.0.0/0" }];

        var plan = GatewayPlanner.Plan(result, new BridgeConf { IsGateway = true });

        result.Ips![0].Interface.Should().Be(2);
        plan.PodAddresses.Should().Equal(Net("10.200.0.2/24"));
        plan.BridgeAddresses.Should().Equal(Net("10.200.0.1/24"));
        plan.PodRoutes.Should().ContainSingle();
        plan.PodRoutes[0].Destination.Should().Be(Net("0.0.0.0/0"));
        plan.PodRoutes[0].Gateway!.ToString().Should().Be("10.200.0.1");
        result.Routes.Should().ContainSingle("isGateway alone adds no route");
    }

    [Fact]
    public void A_missing_gateway_becomes_network_plus_one_when_the_bridge_is_a_gateway()
    {
        var result = IpamResult(("10.22.0.9/16", null));

        var plan = GatewayPlanner.Plan(result, new BridgeConf { IsGateway = true });

        result.Ips![0].Gateway.Should().Be("10.22.0.1");
        plan.BridgeAddresses.Should().Equal(Net("10.22.0.1/16"));
    }

    [Fact]
    public void Without_isGateway_the_bridge_gets_no_address_and_no_gateway_is_invented()
    {
        var result = IpamResult(("10.22.0.9/16", null));

        var plan = GatewayPlanner.Plan(result, new BridgeConf());

        result.Ips![0].Gateway.Should().BeNull();
        plan.BridgeAddresses.Should().BeEmpty();
    }

    [Fact]
    public void IsDefaultGateway_adds_one_default_route_per_family_with_explicit_gw()
    {
        var result = IpamResult(("10.210.0.5/24", "10.210.0.1"), ("fd10::5/64", "fd10::1"));

        var plan = GatewayPlanner.Plan(result, new BridgeConf { IsDefaultGateway = true });

        result.Routes!.Select(r => (r.Dst, r.Gw)).Should().Equal(("0.0.0.0/0", "10.210.0.1"), ("::/0", "fd10::1"));
        plan.BridgeAddresses.Should().Equal(Net("10.210.0.1/24"), Net("fd10::1/64"));
        plan.HasIPv4.Should().BeTrue();
        plan.HasIPv6.Should().BeTrue();
    }

    [Fact]
    public void IsDefaultGateway_keeps_a_default_route_that_ipam_already_gave_with_a_gateway()
    {
        var result = IpamResult(("10.210.0.5/24", "10.210.0.1"));
        result.Routes = [new CniRoute { Dst = "0.0.0.0/0", Gw = "10.210.0.254" }];

        GatewayPlanner.Plan(result, new BridgeConf { IsDefaultGateway = true });

        result.Routes.Should().ContainSingle().Which.Gw.Should().Be("10.210.0.254");
    }

    [Fact]
    public void A_route_without_gw_uses_the_first_gateway_of_its_own_family()
    {
        var result = IpamResult(("10.210.0.5/24", "10.210.0.1"), ("fd10::5/64", "fd10::1"));
        result.Routes = [new CniRoute { Dst = "fd00::/8" }, new CniRoute { Dst = "192.168.0.0/16" }];

        var plan = GatewayPlanner.Plan(result, new BridgeConf { IsGateway = true });

        plan.PodRoutes.Select(r => r.Gateway!.ToString()).Should().Equal("fd10::1", "10.210.0.1");
    }

    [Fact]
    public void A_route_with_a_bad_destination_is_an_invalid_config_naming_it()
    {
        var result = IpamResult(("10.210.0.5/24", "10.210.0.1"));
        result.Routes = [new CniRoute { Dst = "not-a-cidr" }];

        var act = () => GatewayPlanner.Plan(result, new BridgeConf());

        act.Should().Throw<K8sNet.Cni.CniException>().Where(e => e.Code == K8sNet.Cni.CniErrorCode.InvalidConfig && e.Message.Contains("not-a-cidr"));
    }

    private static CniResult IpamResult(params (string Address, string? Gateway)[] ips) => new()
    {
        Ips = ips.Select(ip => new CniIpConfig { Address = ip.Address, Gateway = ip.Gateway }).ToList(),
    };

    private static CidrAddress Net(string text) => CidrAddress.TryParse(text, out var n) ? n : throw new ArgumentException(text);
}
