using System.Text.Json;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>
/// Spec 0.1.0/0.2.0, which only a plugin that claims <see cref="CniVersionSet.All"/> (loopback) accepts: results and
/// prevResults in that version's own shape (one ip4 and one ip6 object, each with its family's routes).
/// </summary>
public sealed class LegacyVersionTests
{
    private static FakeCniPlugin AllVersions(Func<CniInvocation, Results.CniResult>? add = null) => new()
    {
        Versions = CniVersionSet.All,
        AddResult = add ?? (_ => SampleResults.DualStackWithExtendedFields()),
    };

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public void The_bridges_set_refuses_0_1_0_and_0_2_0_with_code_1(string version)
    {
        var run = CniRun.Invoke("ADD", $$"""{"cniVersion":"{{version}}","name":"n"}""");

        run.Outcome.ExitCode.Should().NotBe(0);
        run.Json.GetProperty("code").GetInt32().Should().Be(1);
        run.Json.GetProperty("cniVersion").GetString().Should().Be("1.1.0", "an error names a version the plugin speaks");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public void An_add_result_is_written_with_ip4_and_ip6_objects_holding_the_first_address_and_routes_of_each_family(string version)
    {
        var run = CniRun.Invoke("ADD", $$"""{"cniVersion":"{{version}}","name":"n"}""", AllVersions());

        run.Outcome.ExitCode.Should().Be(0, run.Stdout);
        run.Stdout.Should().Be(
            $$$"""{"cniVersion":"{{{version}}}","ip4":{"ip":"10.200.0.2/24","gateway":"10.200.0.1","routes":[{"dst":"0.0.0.0/0","gw":"10.200.0.1"}]},"ip6":{"ip":"fd00:200::2/64","gateway":"fd00:200::1","routes":[{"dst":"::/0","gw":"fd00:200::1"}]},"dns":{}}""");
    }

    [Fact]
    public void A_family_without_an_address_is_left_out_and_its_routes_with_it()
    {
        var run = CniRun.Invoke("ADD", """{"cniVersion":"0.2.0","name":"n"}""", AllVersions(_ => SampleResults.Ipv4OnEth0()));

        run.Stdout.Should().Be("""{"cniVersion":"0.2.0","ip4":{"ip":"10.200.0.2/24","gateway":"10.200.0.1","routes":[{"dst":"0.0.0.0/0"}]},"dns":{}}""");
    }

    [Fact]
    public void A_0_2_0_prev_result_is_read_from_ip4_and_ip6_and_written_back_unchanged()
    {
        const string prev = """{"cniVersion":"0.2.0","ip4":{"ip":"10.1.0.5/24","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"}]},"ip6":{"ip":"fd00::5/64"},"dns":{"nameservers":["10.0.0.10"]}}""";
        var plugin = AllVersions(invocation => invocation.PrevResult!);

        var run = CniRun.Invoke("ADD", $$"""{"cniVersion":"0.2.0","name":"n","prevResult":{{prev}}}""", plugin);

        var read = plugin.LastInvocation!.PrevResult!;
        read.Ips!.Select(ip => (ip.Version, ip.Address, ip.Gateway)).Should().Equal(("4", "10.1.0.5/24", "10.1.0.1"), ("6", "fd00::5/64", null));
        read.Routes!.Select(r => (r.Dst, r.Gw)).Should().Equal(("0.0.0.0/0", "10.1.0.1"));
        run.Stdout.Should().Be(prev);
    }

    [Fact]
    public void A_0_2_0_prev_result_without_an_address_is_code_7_naming_the_field()
    {
        var run = CniRun.Invoke("ADD", """{"cniVersion":"0.2.0","name":"n","prevResult":{"ip4":{"gateway":"10.1.0.1"}}}""", AllVersions());

        run.Json.GetProperty("code").GetInt32().Should().Be(7);
        run.Json.GetProperty("msg").GetString().Should().Contain("prevResult.ip4.ip");
        run.Json.GetProperty("cniVersion").GetString().Should().Be("0.2.0");
    }

    [Fact]
    public void Version_of_an_all_versions_plugin_lists_0_1_0_to_1_1_0()
    {
        var run = CniRun.Invoke("VERSION", """{"cniVersion":"0.1.0"}""", AllVersions());

        run.Json.GetProperty("cniVersion").GetString().Should().Be("0.1.0");
        run.Json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString())
            .Should().Equal("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    }

    [Theory]
    [InlineData("0.2.0", "CHECK")]
    [InlineData("1.0.0", "GC")]
    public void Check_and_gc_keep_their_version_floors_for_an_all_versions_plugin(string version, string verb)
    {
        var run = CniRun.Invoke(verb, $$"""{"cniVersion":"{{version}}","name":"n"}""", AllVersions());

        run.Json.GetProperty("code").GetInt32().Should().Be(1);
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Reading_is_not_fooled_by_a_1_0_0_shaped_result_under_0_2_0()
    {
        // The reference loopback's own quirk (a 1.0.0-shaped result labelled 0.2.0) read back as a 0.2.0 prevResult:
        // it has no ip4/ip6, so nothing is made up.
        var plugin = AllVersions(invocation => invocation.PrevResult!);
        var run = CniRun.Invoke("ADD", """{"cniVersion":"0.2.0","name":"n","prevResult":{"cniVersion":"0.2.0","ips":[{"address":"127.0.0.1/8"}],"dns":{}}}""", plugin);

        run.Outcome.ExitCode.Should().Be(0);
        run.Stdout.Should().Be("""{"cniVersion":"0.2.0","dns":{}}""");
        JsonDocument.Parse(run.Stdout).RootElement.TryGetProperty("ip4", out _).Should().BeFalse();
    }
}
