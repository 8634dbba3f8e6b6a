using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>What reaches the runtime when the plugin itself fails: its CniException as is, anything else as 999.</summary>
public sealed class PluginFailureTests
{
    private static FakeCniPlugin Throwing(Exception ex) => new() { OnCall = _ => throw ex };

    [Theory]
    [InlineData("ADD")]
    [InlineData("DEL")]
    [InlineData("CHECK")]
    public void An_unexpected_exception_becomes_one_error_999_instead_of_a_crash(string verb)
    {
        var run = CniRun.Invoke(verb, TestConfigs.Minimal("1.0.0"), Throwing(new InvalidOperationException("the bridge vanished")));

        var msg = run.ShouldFailWith(CniErrorCode.Internal);
        msg.Should().Contain("InvalidOperationException").And.Contain("the bridge vanished");
        run.Json.GetProperty("details").GetString().Should().Contain(nameof(FakeCniPlugin), "details carry the stack for the log");
    }

    [Fact]
    public void A_null_result_from_add_is_an_internal_error_not_a_crash()
    {
        var plugin = new FakeCniPlugin { AddResult = _ => null! };

        var run = CniRun.Invoke("ADD", TestConfigs.Minimal("1.0.0"), plugin);

        run.ShouldFailWith(CniErrorCode.Internal);
    }

    [Theory]
    [InlineData(CniErrorCode.UnknownContainer)]
    [InlineData(CniErrorCode.TryAgainLater)]
    [InlineData(CniErrorCode.PoolExhausted)]
    [InlineData(CniErrorCode.KernelFailure)]
    [InlineData(CniErrorCode.UnsupportedField)]
    public void A_cni_exception_from_the_plugin_passes_through_with_its_code_message_and_details(CniErrorCode code)
    {
        var plugin = Throwing(new CniException(code, "no free address in 10.200.0.0/24", "range 10.200.0.2-10.200.0.254"));

        var run = CniRun.Invoke("ADD", TestConfigs.Minimal("0.4.0"), plugin);

        run.ShouldFailWith(code).Should().Be("no free address in 10.200.0.0/24");
        run.Json.GetProperty("details").GetString().Should().Be("range 10.200.0.2-10.200.0.254");
        run.Json.GetProperty("cniVersion").GetString().Should().Be("0.4.0", "errors speak the config's version once it is known");
    }

    [Theory]
    [InlineData(CniErrorCode.NotAvailable)]
    [InlineData(CniErrorCode.NotAvailableLimitedConnectivity)]
    public void Status_reports_unavailability_with_the_1_1_codes(CniErrorCode code)
    {
        var run = CniRun.Invoke("STATUS", TestConfigs.Minimal("1.1.0"), Throwing(new CniException(code, "address pool exhausted")));

        run.ShouldFailWith(code).Should().Be("address pool exhausted");
    }

    [Fact]
    public void Missing_details_are_written_as_an_empty_string()
    {
        var run = CniRun.Invoke("DEL", TestConfigs.Minimal("1.0.0"), Throwing(new CniException(CniErrorCode.IoFailure, "lease dir unreadable")));

        run.ShouldFailWith(CniErrorCode.IoFailure);
        run.Json.GetProperty("details").GetString().Should().BeEmpty();
    }

    [Fact]
    public void The_outcome_records_the_failure_for_the_log_line_and_exit_code()
    {
        var run = CniRun.Invoke("ADD", TestConfigs.Minimal("1.0.0"), Throwing(new CniException(CniErrorCode.AlreadyInUse, "eth0 exists")));

        run.Outcome.ExitCode.Should().Be(1);
        run.Outcome.ErrorCode.Should().Be(CniErrorCode.AlreadyInUse);
        run.Outcome.ErrorMessage.Should().Be("eth0 exists");
        run.Outcome.Command.Should().Be(CniCommand.Add);
        run.Outcome.ContainerId.Should().Be("ctr-1");
        run.Outcome.IfName.Should().Be("eth0");
    }
}
