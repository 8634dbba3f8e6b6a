using System.Text.Json;
using FluentAssertions.Execution;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Checks that a run failed the way SPEC §5 "Error" describes, and hands back the message.</summary>
public static class CniRunErrors
{
    /// <summary>Asserts exit code, the one error object (exactly cniVersion, code, msg, details) and its code.</summary>
    public static string ShouldFailWith(this CniRun run, int code)
    {
        var json = run.Json;
        using (new AssertionScope())
        {
            run.Outcome.ExitCode.Should().NotBe(0);
            json.ValueKind.Should().Be(JsonValueKind.Object);
            json.EnumerateObject().Select(p => p.Name).Should().Equal("cniVersion", "code", "msg", "details");
            json.GetProperty("cniVersion").ValueKind.Should().Be(JsonValueKind.String);
            json.GetProperty("msg").ValueKind.Should().Be(JsonValueKind.String);
            json.GetProperty("details").ValueKind.Should().Be(JsonValueKind.String);
            json.GetProperty("code").GetInt32().Should().Be(code, "msg was: {0}", json.GetProperty("msg").GetString());
            ((int?)run.Outcome.ErrorCode).Should().Be(code);
        }

        return json.GetProperty("msg").GetString()!;
    }

    public static string ShouldFailWith(this CniRun run, CniErrorCode code) => run.ShouldFailWith((int)code);
}
