using System.Text.Json;
using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>A prevResult written in one version is read and re-written in another without losing what both versions share.</summary>
public sealed class PrevResultRoundTripTests
{
    private const string Result031 = """
        {"cniVersion":"0.3.1",
         "interfaces":[{"name":"cnio0","mac":"0a:58:0a:c8:00:01"},{"name":"veth1a2b3c4d","mac":"aa:bb:cc:dd:ee:ff"},{"name":"eth0","mac":"0a:58:0a:c8:00:02","sandbox":"/run/netns/test"}],
         "ips":[{"version":"4","interface":2,"address":"10.200.0.2/24","gateway":"10.200.0.1"},{"version":"6","interface":2,"address":"fd00:200::2/64","gateway":"fd00:200::1"}],
         "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0","gw":"fd00:200::1"}],
         "dns":{"nameservers":["10.32.0.10"]}}
        """;

    /// <summary>A chained plugin that changes nothing must hand its prevResult on (SPEC §5).</summary>
    private static FakeCniPlugin PassThrough() => new() { AddResult = invocation => invocation.PrevResult! };

    private static string ConfigWithPrev(string version, string prevResult) =>
        $$"""{"cniVersion":"{{version}}","name":"k8snet","type":"bridge","prevResult":{{prevResult}}}""";

    [Fact]
    public void A_0_3_1_result_goes_to_1_1_0_and_back_to_0_4_0_unchanged_but_for_its_version()
    {
        var as110 = CniRun.Invoke("ADD", ConfigWithPrev("1.1.0", Result031), PassThrough()).Json;
        var as040 = CniRun.Invoke("ADD", ConfigWithPrev("0.4.0", as110.GetRawText()), PassThrough()).Json;

        as110.GetProperty("cniVersion").GetString().Should().Be("1.1.0");
        as110.GetProperty("ips").EnumerateArray().Should().OnlyContain(ip => !ResultJson.Names(ip).Contains("version"));
        as040.GetProperty("cniVersion").GetString().Should().Be("0.4.0");
        WithoutVersion(as040).Should().Be(WithoutVersion(CniRun.SingleDocument(System.Text.Encoding.UTF8.GetBytes(Result031))));
    }

    [Fact]
    public void The_ip_families_come_back_after_a_trip_through_1_1_0()
    {
        var as110 = CniRun.Invoke("ADD", ConfigWithPrev("1.1.0", Result031), PassThrough()).Json;
        var as040 = CniRun.Invoke("ADD", ConfigWithPrev("0.4.0", as110.GetRawText()), PassThrough()).Json;

        as040.GetProperty("ips").EnumerateArray().Select(ip => ip.GetProperty("version").GetString()).Should().Equal("4", "6");
    }

    [Fact]
    public void Extended_fields_survive_a_1_1_0_to_1_1_0_pass_through()
    {
        var original = ResultJson.Shaped(SampleResults.DualStackWithExtendedFields(), "1.1.0").GetRawText();

        var echoed = CniRun.Invoke("ADD", ConfigWithPrev("1.1.0", original), PassThrough()).Json.GetRawText();

        echoed.Should().Be(original);
    }

    [Fact]
    public void The_plugin_sees_the_prev_result_whatever_its_version_key_says()
    {
        var prev = CniRun.Invoke("ADD", ConfigWithPrev("1.0.0", Result031), PassThrough()).Plugin.LastInvocation!.PrevResult!;

        prev.CniVersion.Should().Be("0.3.1");
        prev.Interfaces.Should().HaveCount(3);
        prev.Ips!.Select(ip => ip.Address).Should().Equal("10.200.0.2/24", "fd00:200::2/64");
        prev.Routes![1].Gw.Should().Be("fd00:200::1");
        prev.Dns.Nameservers.Should().Equal("10.32.0.10");
    }

    /// <summary>The document minus cniVersion and ips[].version: what every version shares.</summary>
    private static string WithoutVersion(JsonElement result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, result, depth: 0);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, int depth)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "cniVersion" or "version")
                {
                    continue;
                }

                writer.WritePropertyName(property.Name);
                Write(writer, property.Value, depth + 1);
            }

            writer.WriteEndObject();
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in element.EnumerateArray())
            {
                Write(writer, item, depth + 1);
            }

            writer.WriteEndArray();
        }
        else
        {
            element.WriteTo(writer);
        }
    }
}
