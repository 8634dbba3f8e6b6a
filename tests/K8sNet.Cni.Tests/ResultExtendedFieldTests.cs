using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>1.1.0 added interface mtu/socketPath/pciID and route mtu/advmss/priority/table/scope; older readers never see them.</summary>
public sealed class ResultExtendedFieldTests
{
    private static readonly string[] InterfaceExtras = ["mtu", "socketPath", "pciID"];
    private static readonly string[] RouteExtras = ["mtu", "advmss", "priority", "table", "scope"];

    [Fact]
    public void Version_1_1_0_writes_every_extended_field()
    {
        var json = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), "1.1.0");

        var eth0 = json.GetProperty("interfaces")[1];
        eth0.GetProperty("mtu").GetInt32().Should().Be(1450);
        eth0.GetProperty("socketPath").GetString().Should().Be("/run/vhost.sock");
        eth0.GetProperty("pciID").GetString().Should().Be("0000:00:1f.6");
        var route = json.GetProperty("routes")[0];
        route.GetProperty("mtu").GetInt32().Should().Be(1400);
        route.GetProperty("advmss").GetInt32().Should().Be(1360);
        route.GetProperty("priority").GetInt32().Should().Be(10);
        route.GetProperty("table").GetInt32().Should().Be(100);
        route.GetProperty("scope").GetInt32().Should().Be(0, "scope 0 (universe) is a value, not an absence");
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Older_versions_drop_every_extended_field(string version)
    {
        var json = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), version);

        foreach (var iface in json.GetProperty("interfaces").EnumerateArray())
        {
            ResultJson.Names(iface).Should().NotContain(InterfaceExtras).And.Contain("name");
        }

        foreach (var route in json.GetProperty("routes").EnumerateArray())
        {
            ResultJson.Names(route).Should().NotContain(RouteExtras).And.Contain("dst");
        }
    }

    [Theory]
    [InlineData("0.3.1")]
    [InlineData("1.1.0")]
    public void Unset_optional_fields_are_omitted_rather_than_written_as_null(string version)
    {
        var json = ResultJson.Shaped(SampleResults.Ipv4OnEth0(), version);

        ResultJson.Names(json.GetProperty("interfaces")[0]).Should().Equal("name", "mac", "sandbox");
        ResultJson.Names(json.GetProperty("routes")[0]).Should().Equal("dst");
    }

    [Fact]
    public void Converting_down_leaves_the_source_result_intact()
    {
        var source = SampleResults.DualStackWithExtendedFields();

        ResultJson.Shaped(source, "0.3.1");

        source.Interfaces![1].Mtu.Should().Be(1450);
        source.Routes![0].Table.Should().Be(100);
        source.CniVersion.Should().Be("1.1.0");
    }
}
