using K8sNet.Linux.Processes;
using K8sNet.Masquerade.Iptables;

namespace K8sNet.Masquerade.Tests;

/// <summary>The exec plan of each verb, against a scripted runner: how many programs run and with which input.</summary>
public sealed class IptablesMasqueradeBackendTests
{
    private const string ChainExists = "iptables-restore: line 2 failed: Chain already exists.";

    private const string Listing = """
        -P POSTROUTING ACCEPT
        -A POSTROUTING -s 10.200.0.2/32 -m comment --comment "name: \"bridge\" id: \"abc123\"" -j CNI-717908d906906cf61200f5cc
        -A POSTROUTING -s 10.200.0.0/24 -j CNI-717908d906906cf61200f5cc
        """;

    [Fact]
    public void Setup_of_a_new_pod_is_one_restore_per_family()
    {
        var runner = new ScriptedRunner();

        new IptablesMasqueradeBackend(runner).Setup(Golden.DocExample("10.200.0.2/24", "fd10::2/64"));

        runner.Programs.Should().Equal("iptables-restore", "ip6tables-restore");
        runner.Calls[0].Arguments.Should().Equal("--noflush", "--wait");
        runner.Calls[0].Stdin.Should().Be(Golden.Read("create-v4.txt"));
        runner.Calls[1].Stdin.Should().Be(Golden.Read("create-v6.txt"));
    }

    [Fact]
    public void Setup_without_addresses_runs_nothing()
    {
        var runner = new ScriptedRunner();

        new IptablesMasqueradeBackend(runner).Setup(new MasqueradeTarget("bridge", "abc123", "eth0"));

        runner.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Setup_when_the_chain_exists_lists_POSTROUTING_and_replaces_the_rules()
    {
        var runner = new ScriptedRunner().Then(1, stderr: ChainExists).Then(0, Listing).Then(0);

        new IptablesMasqueradeBackend(runner).Setup(Golden.DocExample());

        runner.Programs.Should().Equal("iptables-restore", "iptables", "iptables-restore");
        runner.Calls[1].Arguments.Should().Equal("-w", "-t", "nat", "-S", "POSTROUTING");
        runner.Calls[2].Stdin.Should().Be(Golden.Read("replace-v4.txt"));
    }

    [Fact]
    public void Setup_reports_both_failures_when_the_replacement_fails_too()
    {
        var runner = new ScriptedRunner().Then(1, stderr: ChainExists).Then(0, Listing).Then(4, stderr: "iptables-restore: line 3 failed: boom");

        var act = () => new IptablesMasqueradeBackend(runner).Setup(Golden.DocExample());

        act.Should().Throw<MasqueradeException>()
            .WithMessage("*CNI-717908d906906cf61200f5cc*IPv4*line 3 failed: boom*first attempt*Chain already exists*");
    }

    [Fact]
    public void Teardown_with_known_addresses_is_one_restore_per_family()
    {
        var runner = new ScriptedRunner();

        new IptablesMasqueradeBackend(runner).Teardown(Golden.DocExample());

        runner.Programs.Should().Equal("iptables-restore");
        runner.Calls[0].Stdin.Should().Be(Golden.Read("remove-expected-v4.txt"));
    }

    [Fact]
    public void Teardown_falls_back_to_the_listed_jumps_when_the_expected_one_is_not_alone()
    {
        var runner = new ScriptedRunner().Then(1, stderr: "iptables-restore: line 4 failed").Then(0, Listing).Then(0);

        new IptablesMasqueradeBackend(runner).Teardown(Golden.DocExample());

        runner.Programs.Should().Equal("iptables-restore", "iptables", "iptables-restore");
        runner.Calls[2].Stdin.Should().Contain("-D POSTROUTING -s 10.200.0.0/24 -j CNI-717908d906906cf61200f5cc\n")
            .And.EndWith($"-X {Golden.DocChain}\nCOMMIT\n");
    }

    [Fact]
    public void Teardown_without_addresses_lists_both_families_and_removes_only_where_a_jump_exists()
    {
        var runner = new ScriptedRunner().Then(0, Listing).Then(0).Then(0, "-P POSTROUTING ACCEPT\n");

        new IptablesMasqueradeBackend(runner).Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        runner.Programs.Should().Equal("iptables", "iptables-restore", "ip6tables");
    }

    [Fact]
    public void Teardown_without_addresses_tolerates_a_missing_ip6tables()
    {
        var runner = new MissingProgramRunner("ip6tables", new ScriptedRunner().Then(0, "-P POSTROUTING ACCEPT\n"));

        var act = () => new IptablesMasqueradeBackend(runner).Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        act.Should().NotThrow();
    }

    [Fact]
    public void Teardown_reports_a_listing_failure_with_the_family()
    {
        var runner = new ScriptedRunner().Then(1, stderr: "x").Then(3, stderr: "iptables: can't initialize nat table");

        var act = () => new IptablesMasqueradeBackend(runner).Teardown(Golden.DocExample());

        act.Should().Throw<MasqueradeException>().WithMessage("*IPv4 nat POSTROUTING*can't initialize*");
    }

    [Fact]
    public void Check_names_the_missing_rule_from_the_failed_line()
    {
        var runner = new ScriptedRunner().Then(1, stderr: "iptables-restore: line 4 failed: Bad rule (does a matching rule exist in that chain?).");

        var act = () => new IptablesMasqueradeBackend(runner).Check(Golden.DocExample());

        act.Should().Throw<MasqueradeException>().WithMessage(
            "masquerade rule missing: iptables -t nat -A POSTROUTING -s 10.200.0.2/32 *-j CNI-717908d906906cf61200f5cc");
        runner.Calls.Single().Stdin.Should().Be(Golden.Read("check-v4.txt"));
    }

    [Fact]
    public void Check_names_the_chain_when_the_failed_line_is_not_a_rule()
    {
        var runner = new ScriptedRunner().Then(2, stderr: "iptables-restore v1.8.9 (nf_tables): Chain 'CNI-717908d906906cf61200f5cc' does not exist\nError occurred at line: 5");

        var act = () => new IptablesMasqueradeBackend(runner).Check(Golden.DocExample());

        act.Should().Throw<MasqueradeException>().WithMessage("masquerade chain CNI-717908d906906cf61200f5cc or one of its rules is missing from the IPv4 nat table*does not exist");
    }

    private sealed class MissingProgramRunner(string missing, Processes.ICommandRunner inner) : Processes.ICommandRunner
    {
        public ProcessOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null) =>
            program == missing
                ? throw new MasqueradeException($"{program} not found", programMissing: true)
                : inner.Run(program, arguments, stdin);
    }
}
