using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

public sealed class RequestedIpTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly HostLocalPlugin _plugin = new();

    public void Dispose() => _data.Dispose();

    private string Config(string extra = "") => Net(Subnet("10.0.0.0/24", _data.Path), extra: extra);

    [Fact]
    public void Cni_args_ip_is_honoured_and_moves_the_round_robin_cursor()
    {
        AddressOf(_plugin.Add(Invocation(Config(), "c1", cniArgs: "IP=10.0.0.50"))).Should().Be("10.0.0.50/24");
        AddressOf(_plugin.Add(Invocation(Config(), "c2"))).Should().Be("10.0.0.51/24");
    }

    [Fact]
    public void Args_cni_ips_are_used_instead_of_cni_args()
    {
        var result = _plugin.Add(Invocation(Config(""","args":{"cni":{"ips":["10.0.0.60"]}}"""), "c1", cniArgs: "IP=10.0.0.61"));
        AddressOf(result).Should().Be("10.0.0.60/24");
        _data.LeaseNames().Should().Equal("10.0.0.60");
    }

    [Fact]
    public void Runtime_config_ips_are_honoured()
    {
        AddressOf(_plugin.Add(Invocation(Config(""","runtimeConfig":{"ips":["10.0.0.70/24"]}"""), "c1"))).Should().Be("10.0.0.70/24");
    }

    [Fact]
    public void A_requested_address_outside_the_ranges_is_refused_and_nothing_is_kept()
    {
        var act = () => _plugin.Add(Invocation(Config(), "c1", cniArgs: "IP=10.9.0.5"));
        act.Should().Throw<CniException>().WithMessage("*failed to allocate all requested IPs: 10.9.0.5*");
        Directory.Exists(_data.Network()).Should().BeFalse();
    }

    [Fact]
    public void The_gateway_cannot_be_requested()
    {
        var act = () => _plugin.Add(Invocation(Config(), "c1", cniArgs: "IP=10.0.0.1"));
        act.Should().Throw<CniException>().WithMessage("*10.0.0.1 is the gateway*");
    }

    [Fact]
    public void A_taken_address_is_refused_naming_its_holder_and_the_failed_add_keeps_nothing()
    {
        _plugin.Add(Invocation(Config(), "c1", cniArgs: "IP=10.0.0.5"));
        var dual = Net($$"""{"type":"host-local","dataDir":"{{_data.Path}}","ranges":[[{"subnet":"fd00::/64"}],[{"subnet":"10.0.0.0/24"}]]}""");
        var act = () => _plugin.Add(Invocation(dual, "c2", cniArgs: "IP=10.0.0.5"));
        var error = act.Should().Throw<CniException>().Which;
        error.Code.Should().Be(CniErrorCode.AlreadyInUse);
        error.Message.Should().Contain("10.0.0.5 is not available").And.Contain("c1");
        _data.LeaseNames().Should().Equal("10.0.0.5");
        _plugin.LeasedAddresses(Invocation(dual, "c2")).Should().BeEmpty();
    }

    [Fact]
    public void Two_requests_in_one_set_fail()
    {
        var act = () => _plugin.Add(Invocation(Config(""","runtimeConfig":{"ips":["10.0.0.7","10.0.0.8"]}"""), "c1"));
        act.Should().Throw<CniException>().WithMessage("*failed to allocate all requested IPs: 10.0.0.8*");
    }
}
