using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>
/// ADD of `loopback` next to the reference's, version by version: same exit, lo up in both pods, and the reference's
/// answer in the version's own shape (<see cref="LoopbackPair.OwnShape"/>).
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class LoopbackAddTests : IDisposable
{
    private readonly LoopbackPair _pair = new();

    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Add_brings_lo_up_and_answers_as_the_reference_in_the_versions_own_shape(string version)
    {
        var (reference, ours) = _pair.Both("ADD", LoopbackPair.Config(version));

        ours.ExitCode.Should().Be(0, ours.Stdout + ours.Stderr);
        LoopbackPair.LoIsUp(_pair.OursPod).Should().BeTrue();
        var expected = ExpectedFromReference(reference, version);
        var answer = JsonNode.Parse(ours.Stdout)!;
        JsonNode.DeepEquals(answer, LoopbackPair.OwnShape(expected, version)).Should().BeTrue($"K8sNet answered {answer.ToJsonString()} where the reference answered {expected.ToJsonString()}");
        answer["cniVersion"]!.GetValue<string>().Should().Be(version);
    }

    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.2.0")]
    [InlineData("0.3.1")]
    [InlineData("1.0.0")]
    public void Without_ipv6_in_the_pod_both_answer_only_127_0_0_1(string version)
    {
        foreach (var pod in new[] { _pair.ReferencePod, _pair.OursPod })
        {
            pod.Exec("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1");
        }

        var (reference, ours) = _pair.Both("ADD", LoopbackPair.Config(version));

        reference.ExitCode.Should().Be(0, reference.Stdout);
        ours.ExitCode.Should().Be(0, ours.Stdout + ours.Stderr);
        var expected = LoopbackPair.OwnShape(JsonNode.Parse(Sandboxed(reference))!, version);
        JsonNode.DeepEquals(JsonNode.Parse(ours.Stdout), expected).Should().BeTrue(ours.Stdout);
        ours.Stdout.Should().Contain("127.0.0.1/8").And.NotContain("::1");
    }

    /// <summary>Chained after another plugin, both print that plugin's result back, in the config's version.</summary>
    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.2.0", """{"cniVersion":"0.2.0","ip4":{"ip":"10.1.0.5/24","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"}]},"ip6":{"ip":"fd00::5/64"},"dns":{"nameservers":["10.0.0.10"]}}""")]
    [InlineData("0.3.1", """{"cniVersion":"0.3.1","interfaces":[{"name":"eth0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/run/netns/p"}],"ips":[{"version":"4","interface":0,"address":"10.1.0.5/24","gateway":"10.1.0.1"}],"routes":[{"dst":"0.0.0.0/0"}],"dns":{}}""")]
    [InlineData("0.4.0", """{"cniVersion":"0.4.0","interfaces":[{"name":"eth0","sandbox":"/run/netns/p"}],"ips":[{"version":"6","interface":0,"address":"fd00::5/64"}],"dns":{"search":["svc"]}}""")]
    [InlineData("1.0.0", """{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/run/netns/p"}],"ips":[{"interface":0,"address":"10.1.0.5/24","gateway":"10.1.0.1"}],"routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"}],"dns":{}}""")]
    public void A_prevResult_is_passed_through_unchanged_as_the_reference_does(string version, string prevResult)
    {
        var (reference, ours) = _pair.Both("ADD", LoopbackPair.Config(version, ",\"prevResult\":" + prevResult));

        reference.ExitCode.Should().Be(0, reference.Stdout);
        ours.ExitCode.Should().Be(0, ours.Stdout + ours.Stderr);
        JsonNode.DeepEquals(JsonNode.Parse(ours.Stdout), JsonNode.Parse(reference.Stdout)).Should().BeTrue($"K8sNet: {ours.Stdout}");
        JsonNode.DeepEquals(JsonNode.Parse(ours.Stdout), JsonNode.Parse(prevResult)).Should().BeTrue("a same-version prevResult comes back as it was");
        LoopbackPair.LoIsUp(_pair.ReferencePod).Should().BeTrue();
        LoopbackPair.LoIsUp(_pair.OursPod).Should().BeTrue("lo is brought up also when chained");
    }

    [RequiresFact(Requirements.ReferencePlugins)]
    public void A_non_loopback_address_on_lo_fails_both_after_lo_came_up()
    {
        foreach (var pod in new[] { _pair.ReferencePod, _pair.OursPod })
        {
            pod.Exec("ip addr add 10.99.0.1/32 dev lo");
        }

        var (reference, ours) = _pair.Both("ADD", LoopbackPair.Config("0.3.1"));

        ours.ExitCode.Should().Be(reference.ExitCode).And.NotBe(0);
        LoopbackPair.CodeClass(ours).Should().Be(LoopbackPair.CodeClass(reference)).And.Be("plugin failure");
        JsonNode.Parse(ours.Stdout)!["msg"]!.GetValue<string>().Should().Contain("non-loopback address \"10.99.0.1\"");
        LoopbackPair.LoIsUp(_pair.OursPod).Should().Be(LoopbackPair.LoIsUp(_pair.ReferencePod)).And.BeTrue();
    }

    public void Dispose() => _pair.Dispose();

    /// <summary>
    /// The reference's answer for <paramref name="version"/>, with its pod's path in place of ours. Where the installed
    /// reference predates the version (Debian's 1.1.1 and 1.1.0), it must refuse with code 1 and leave lo down; its
    /// 1.0.0 answer, relabelled, is then what K8sNet's 1.1.0 answer must equal (upstream v1.9 answers that way).
    /// </summary>
    private JsonNode ExpectedFromReference(CommandResult reference, string version)
    {
        if (LoopbackPair.ReferenceSpeaks(version))
        {
            reference.ExitCode.Should().Be(0, reference.Stdout);
            LoopbackPair.LoIsUp(_pair.ReferencePod).Should().BeTrue();
            return JsonNode.Parse(Sandboxed(reference))!;
        }

        LoopbackPair.Code(reference).Should().Be(1, "a reference that predates {0} refuses it as incompatible", version);
        LoopbackPair.LoIsUp(_pair.ReferencePod).Should().BeFalse();
        var older = LoopbackPair.Run(LoopbackPair.ReferencePath, "ADD", _pair.ReferencePod.Path, LoopbackPair.Config("1.0.0"));
        older.ExitCode.Should().Be(0, older.Stdout);
        return JsonNode.Parse(Sandboxed(older))!;
    }

    private string Sandboxed(CommandResult reference) => reference.Stdout.Replace(_pair.ReferencePod.Path, _pair.OursPod.Path, StringComparison.Ordinal);
}
