using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>`k8snet --help` fits a screen: one line per command, as kubectl and git list theirs.</summary>
public sealed class OperatorHelpTests
{
    private static readonly string[] Commands = ["version", "install", "inspect", "leases", "gc", "config", "routes"];

    [Fact]
    public void Top_level_help_fits_a_screen_and_lists_each_command_on_one_line()
    {
        var run = OperatorCli.Run(null, "--help");

        run.ExitCode.Should().Be(0);
        var lines = run.Stdout.TrimEnd().Split('\n');
        lines.Length.Should().BeLessThanOrEqualTo(30, "a 80x30 terminal shows it whole");
        CommandLines(lines).Select(l => l.TrimStart().Split(' ')[0]).Should().Equal(Commands);
        run.Stdout.Should().Contain("k8snet COMMAND --help").And.NotContain("Exit:", "details stay in each command's help");
    }

    [Fact]
    public void Help_without_a_command_lists_the_commands_the_same_short_way()
    {
        var run = OperatorCli.Run(null);

        run.ExitCode.Should().NotBe(0);
        CommandLines((run.Stdout + run.Stderr).TrimEnd().Split('\n')).Should().HaveCount(Commands.Length);
    }

    [Fact]
    public void A_command_with_subcommands_lists_them_on_one_line_each_and_keeps_its_own_details()
    {
        var run = OperatorCli.Run(null, "routes", "--help");

        run.ExitCode.Should().Be(0);
        CommandLines(run.Stdout.TrimEnd().Split('\n')).Select(l => l.TrimStart().Split(' ')[0]).Should().Equal("sync", "watch");
        run.Stdout.Should().Contain("proto 58", "the command's own description is shown in full");
    }

    [Fact]
    public void A_command_help_keeps_its_summary_details_and_examples()
    {
        var run = OperatorCli.Run(null, "gc", "--help");

        run.Stdout.Should().Contain("Remove what pods that are gone left behind").And.Contain("Exit: 0 done").And.Contain("k8snet gc --dry-run");
    }

    /// <summary>The lines after "Commands:" up to the first blank one.</summary>
    private static List<string> CommandLines(string[] lines) =>
        lines.SkipWhile(l => l.Trim() != "Commands:").Skip(1).TakeWhile(l => l.Trim().Length > 0).ToList();
}
