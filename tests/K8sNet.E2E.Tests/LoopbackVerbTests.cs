using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>DEL, CHECK, VERSION, GC and STATUS of `loopback` next to the reference's, version by version.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class LoopbackVerbTests : IDisposable
{
    private readonly LoopbackPair _pair = new();

    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Del_sets_lo_down_and_an_empty_or_vanished_netns_succeeds_as_in_the_reference(string version)
    {
        var config = LoopbackPair.Config(version);
        _pair.Both("ADD", config);

        var (reference, ours) = _pair.Both("DEL", config);
        (reference.ExitCode, ours.ExitCode).Should().Be((0, 0), ours.Stdout);
        (reference.Stdout, ours.Stdout).Should().Be((string.Empty, string.Empty));
        LoopbackPair.LoIsUp(_pair.ReferencePod).Should().BeFalse();
        LoopbackPair.LoIsUp(_pair.OursPod).Should().BeFalse();

        foreach (var netns in new[] { string.Empty, "/run/netns/k8t-gone-" + Guid.NewGuid().ToString("N")[..8] })
        {
            var (refAgain, oursAgain) = _pair.Both("DEL", config, netns);
            oursAgain.ExitCode.Should().Be(refAgain.ExitCode).And.Be(0, $"CNI_NETNS=\"{netns}\": {oursAgain.Stdout}");
        }
    }

    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Check_passes_with_lo_up_fails_with_lo_down_and_needs_0_4_0_as_in_the_reference(string version)
    {
        var config = LoopbackPair.Config(version);
        var (refDown, oursDown) = _pair.Both("CHECK", config);
        _pair.Both("ADD", config);
        var (refUp, oursUp) = _pair.Both("CHECK", config);

        foreach (var (reference, ours) in new[] { (refDown, oursDown), (refUp, oursUp) })
        {
            ours.ExitCode.Should().Be(reference.ExitCode, ours.Stdout);
            LoopbackPair.CodeClass(ours).Should().Be(LoopbackPair.CodeClass(reference), $"reference: {reference.Stdout}, K8sNet: {ours.Stdout}");
        }

        if (string.CompareOrdinal(version, "0.4.0") < 0)
        {
            LoopbackPair.Code(oursUp).Should().Be(1, "CHECK came with 0.4.0");
            return;
        }

        LoopbackPair.CodeClass(oursDown).Should().Be("plugin failure");
        JsonNode.Parse(oursDown.Stdout)!["msg"]!.GetValue<string>().Should().Contain("loopback interface is down");
        oursUp.ExitCode.Should().Be(0);
    }

    [RequiresFact(Requirements.ReferencePlugins)]
    public void Check_of_a_missing_netns_fails_in_both()
    {
        var (reference, ours) = _pair.Both("CHECK", LoopbackPair.Config("1.0.0"), "/run/netns/k8t-gone-" + Guid.NewGuid().ToString("N")[..8]);

        reference.ExitCode.Should().NotBe(0);
        ours.ExitCode.Should().Be(reference.ExitCode);
    }

    /// <summary>
    /// VERSION: K8sNet lists every spec version (the reference's list, plus 1.1.0 where the installed one predates it)
    /// and, as SPEC §5 says, answers in the cniVersion it was asked in; the reference answers in its library's version.
    /// </summary>
    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("0.1.0")]
    [InlineData("0.3.1")]
    [InlineData("1.1.0")]
    public void Version_lists_all_spec_versions_the_reference_lists_and_echoes_the_asked_version(string version)
    {
        var (reference, ours) = _pair.Both("VERSION", LoopbackPair.Config(version));

        (reference.ExitCode, ours.ExitCode).Should().Be((0, 0));
        var oursList = JsonNode.Parse(ours.Stdout)!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        oursList.Should().Equal(LoopbackPair.Versions);
        JsonNode.Parse(reference.Stdout)!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().BeSubsetOf(oursList);
        JsonNode.Parse(ours.Stdout)!["cniVersion"]!.GetValue<string>().Should().Be(version);
    }

    /// <summary>
    /// GC and STATUS (1.1.0): success with no output, as upstream's skel does for a plugin without handlers (v1.9);
    /// below 1.1.0 code 1. Debian's 1.1.1 reference predates both verbs and refuses them whatever the version.
    /// </summary>
    [RequiresTheory(Requirements.ReferencePlugins)]
    [InlineData("GC", "1.1.0")]
    [InlineData("STATUS", "1.1.0")]
    [InlineData("GC", "1.0.0")]
    [InlineData("STATUS", "0.4.0")]
    [InlineData("STATUS", "0.2.0")]
    public void Gc_and_status_succeed_from_1_1_0_on(string verb, string version)
    {
        var config = LoopbackPair.Config(version, verb == "GC" ? ",\"cni.dev/valid-attachments\":[]" : null);
        var (reference, ours) = _pair.Both(verb, config);

        if (version == "1.1.0")
        {
            ours.ExitCode.Should().Be(0, ours.Stdout);
            ours.Stdout.Should().BeEmpty();
        }
        else
        {
            LoopbackPair.Code(ours).Should().Be(1, ours.Stdout);
        }

        if (LoopbackPair.ReferenceSpeaks("1.1.0"))
        {
            ours.ExitCode.Should().Be(reference.ExitCode, reference.Stdout);
        }
        else
        {
            reference.ExitCode.Should().NotBe(0, "Debian's reference has no {0}", verb);
        }

        LoopbackPair.LoIsUp(_pair.OursPod).Should().BeFalse("GC and STATUS leave the pod alone");
    }

    public void Dispose() => _pair.Dispose();
}
