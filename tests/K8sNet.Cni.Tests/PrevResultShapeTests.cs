using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>prevResult must be a result object; anything else is a config error, not silently ignored.</summary>
public sealed class PrevResultShapeTests
{
    [Theory]
    [InlineData("\"x\"")]
    [InlineData("[]")]
    [InlineData("42")]
    public void A_prevResult_that_is_not_an_object_is_code_7_naming_prevResult(string prev)
    {
        var run = CniRun.Invoke("DEL", $$"""{"cniVersion":"1.0.0","name":"n","type":"bridge","prevResult":{{prev}}}""");

        run.ShouldFailWith(CniErrorCode.InvalidConfig).Should().Contain("prevResult");
        run.Plugin.Calls.Should().BeEmpty();
    }

    [Fact]
    public void A_null_prevResult_counts_as_none()
    {
        var run = CniRun.Invoke("DEL", """{"cniVersion":"1.0.0","name":"n","type":"bridge","prevResult":null}""");

        run.Outcome.ExitCode.Should().Be(0);
        run.Plugin.Calls.Should().ContainSingle();
    }
}
