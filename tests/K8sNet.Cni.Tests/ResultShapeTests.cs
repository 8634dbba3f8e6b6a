using System.Text.Json;
using K8sNet.Cni.Results;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>The outer result object: its key order, cniVersion, and dns always present (SPEC §5 "ADD Success").</summary>
public sealed class ResultShapeTests
{
    public static TheoryData<string> Versions => new(TestConfigs.AllVersions);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Keys_come_in_the_order_cniVersion_interfaces_ips_routes_dns(string version)
    {
        var json = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), version);

        ResultJson.Names(json).Should().Equal("cniVersion", "interfaces", "ips", "routes", "dns");
        json.GetProperty("cniVersion").GetString().Should().Be(version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void An_empty_dns_is_written_as_an_empty_object(string version)
    {
        var dns = ResultJson.Shaped(SampleResults.Ipv4OnEth0(), version).GetProperty("dns");

        dns.ValueKind.Should().Be(JsonValueKind.Object);
        dns.EnumerateObject().Should().BeEmpty();
    }

    [Fact]
    public void A_null_dns_is_still_written_as_an_empty_object()
    {
        var result = SampleResults.Ipv4OnEth0();
        result.Dns = null!;

        ResultJson.Shaped(result, "1.0.0").GetProperty("dns").GetRawText().Should().Be("{}");
    }

    [Fact]
    public void A_filled_dns_is_written_whole()
    {
        var result = SampleResults.Ipv4OnEth0();
        result.Dns = new CniDns { Nameservers = ["10.32.0.10"], Domain = "cluster.local", Search = ["svc.cluster.local"], Options = ["ndots:5"] };

        var dns = ResultJson.Shaped(result, "0.3.1").GetProperty("dns");

        dns.GetRawText().Should().Be("""{"nameservers":["10.32.0.10"],"domain":"cluster.local","search":["svc.cluster.local"],"options":["ndots:5"]}""");
    }

    [Fact]
    public void An_ipam_style_result_without_interfaces_omits_them_and_the_interface_index()
    {
        var ipam = new CniResult { Ips = [new CniIpConfig { Address = "10.200.0.2/24", Gateway = "10.200.0.1" }] };

        var json = ResultJson.Shaped(ipam, "0.4.0");

        ResultJson.Names(json).Should().Equal("cniVersion", "ips", "dns");
        ResultJson.Names(json.GetProperty("ips")[0]).Should().Equal("version", "address", "gateway");
    }

    [Fact]
    public void The_seed_result_in_0_3_1_matches_the_reference_plugins_bytes_for_its_ip()
    {
        var json = ResultJson.Shaped(SampleResults.Ipv4OnEth0(), "0.3.1");

        json.GetProperty("ips")[0].GetRawText().Should().Be("""{"version":"4","interface":0,"address":"10.200.0.2/24","gateway":"10.200.0.1"}""");
        json.GetProperty("routes").GetRawText().Should().Be("""[{"dst":"0.0.0.0/0"}]""");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Add_through_the_dispatcher_writes_the_result_in_the_configs_version(string version)
    {
        var plugin = new FakeCniPlugin { AddResult = _ => SampleResults.DualStackWithExtendedFields() };

        var json = CniRun.Invoke("ADD", TestConfigs.Minimal(version), plugin).Json;

        json.GetProperty("cniVersion").GetString().Should().Be(version);
        json.GetProperty("ips")[0].TryGetProperty("version", out _).Should().Be(version is not ("1.0.0" or "1.1.0"));
        json.GetProperty("routes")[0].TryGetProperty("table", out _).Should().Be(version == "1.1.0");
    }
}
