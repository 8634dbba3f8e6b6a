using K8sNet.Cni.Tests.Fakes;

namespace K8sNet.Cni.Tests;

/// <summary>stdout belongs to the protocol: whatever happens, a printing invocation leaves exactly one JSON document there.</summary>
public sealed class StdoutDisciplineTests
{
    private static readonly string V100 = TestConfigs.Minimal("1.0.0");

    /// <summary>Scenario name → (variables, stdin, plugin behaviour); the name keeps test output readable.</summary>
    private static readonly Dictionary<string, (Dictionary<string, string> Env, string Stdin, Action<CniInvocation>? OnCall)> Scenarios = new()
    {
        ["add succeeds"] = (CniRun.EnvFor("ADD"), V100, null),
        ["version"] = (CniRun.EnvFor("VERSION"), """{"cniVersion":"0.4.0"}""", null),
        ["version with garbage"] = (CniRun.EnvFor("VERSION"), "}{", null),
        ["unknown verb"] = (CniRun.EnvFor("NOPE"), V100, null),
        ["missing env"] = (new() { ["CNI_COMMAND"] = "ADD" }, V100, null),
        ["garbage stdin"] = (CniRun.EnvFor("ADD"), "not json at all", null),
        ["two documents"] = (CniRun.EnvFor("ADD"), V100 + V100, null),
        ["empty stdin"] = (CniRun.EnvFor("DEL"), string.Empty, null),
        ["unsupported version"] = (CniRun.EnvFor("ADD"), TestConfigs.Minimal("0.2.0"), null),
        ["check on 0.3.1"] = (CniRun.EnvFor("CHECK"), TestConfigs.Minimal("0.3.1"), null),
        ["bad name"] = (CniRun.EnvFor("ADD"), """{"cniVersion":"1.0.0","name":"../x","type":"bridge"}""", null),
        ["name of wrong type"] = (CniRun.EnvFor("ADD"), """{"cniVersion":"1.0.0","name":5,"type":"bridge"}""", null),
        ["plugin throws"] = (CniRun.EnvFor("ADD"), V100, _ => throw new InvalidOperationException("boom")),
        ["plugin throws cni error"] = (CniRun.EnvFor("DEL"), V100, _ => throw new CniException(CniErrorCode.TryAgainLater, "busy")),
        ["status not available"] = (CniRun.EnvFor("STATUS"), TestConfigs.Minimal("1.1.0"), _ => throw new CniException(CniErrorCode.NotAvailable, "full")),
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Exactly_one_json_object_is_printed(string scenario)
    {
        var (env, stdin, onCall) = Scenarios[scenario];

        var run = CniRun.Invoke(env, stdin, new FakeCniPlugin { OnCall = onCall });

        run.Json.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object, run.Stdout);
        run.Stdout.Should().NotContain("\n", "the document is written compactly, with nothing after it");
    }

    [Theory]
    [InlineData("DEL", "1.0.0")]
    [InlineData("CHECK", "1.0.0")]
    [InlineData("GC", "1.1.0")]
    [InlineData("STATUS", "1.1.0")]
    public void Verbs_without_a_result_print_nothing_on_success(string verb, string version)
    {
        var run = CniRun.Invoke(verb, TestConfigs.Minimal(version));

        run.Outcome.ExitCode.Should().Be(0);
        run.Stdout.Should().BeEmpty();
    }
}
