using K8sNet.Cni.Results;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>ips[].version: required "4"/"6" in 0.3.x/0.4.0, removed in 1.0.0 (spec version table).</summary>
public sealed class ResultIpVersionTests
{
    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public void Versions_before_1_0_name_each_ips_family(string version)
    {
        var ips = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), version).GetProperty("ips");

        ips[0].GetProperty("version").GetString().Should().Be("4");
        ips[1].GetProperty("version").GetString().Should().Be("6");
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Versions_from_1_0_have_no_version_key(string version)
    {
        var ips = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), version).GetProperty("ips");

        ips.EnumerateArray().Should().OnlyContain(ip => !ResultJson.Names(ip).Contains("version"));
    }

    [Theory]
    [InlineData("10.200.0.2/24", "4")]
    [InlineData("fd00::2/64", "6")]
    [InlineData("::ffff:10.0.0.1/128", "6")]
    public void The_family_is_derived_from_the_address(string address, string family)
    {
        ResultConverter.FamilyOf(address).Should().Be(family);
    }

    [Fact]
    public void A_stale_version_on_the_input_is_replaced_by_the_addresss_family()
    {
        var result = SampleResults.Ipv4OnEth0();
        result.Ips![0].Version = "6";

        ResultJson.Shaped(result, "0.4.0").GetProperty("ips")[0].GetProperty("version").GetString().Should().Be("4");
    }

    [Theory]
    [InlineData("0.3.1")]
    [InlineData("1.0.0")]
    public void Every_ip_keeps_address_gateway_and_interface_index(string version)
    {
        var ip = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), version).GetProperty("ips")[1];

        ip.GetProperty("address").GetString().Should().Be("fd00:200::2/64");
        ip.GetProperty("gateway").GetString().Should().Be("fd00:200::1");
        ip.GetProperty("interface").GetInt32().Should().Be(1);
    }
}
