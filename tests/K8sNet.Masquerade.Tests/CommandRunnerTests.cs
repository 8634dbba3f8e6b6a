using K8sNet.Linux.Processes;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Masquerade.Tests;

public sealed class CommandRunnerTests
{
    private readonly CommandRunner _runner = new("/usr/bin:/bin", TimeSpan.FromSeconds(10));

    [Fact]
    public void Feeds_stdin_and_returns_stdout()
    {
        _runner.Run("cat", [], "*nat\nCOMMIT\n").Should().Be(new ProcessOutput(0, "*nat\nCOMMIT\n", ""));
    }

    [Fact]
    public void Returns_a_non_zero_exit_with_its_stderr_instead_of_throwing()
    {
        var output = _runner.Run("sh", ["-c", "echo 'line 2 failed' >&2; exit 4"]);

        output.ExitCode.Should().Be(4);
        output.Stderr.Should().Be("line 2 failed\n");
        output.Succeeded.Should().BeFalse();
    }

    [Fact]
    public void A_program_that_is_not_installed_is_a_clear_error_marked_as_missing()
    {
        var act = () => _runner.Run("k8snet-no-such-iptables", []);

        act.Should().Throw<MasqueradeException>()
            .WithMessage("k8snet-no-such-iptables not found in PATH or /usr/sbin*iptables package*")
            .Which.ProgramMissing.Should().BeTrue();
    }

    [Fact]
    public void Finds_programs_in_the_standard_directories_without_a_PATH()
    {
        new CommandRunner(searchPath: null).Run("sh", ["-c", "exit 0"]).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void A_run_past_the_timeout_is_killed_and_reported()
    {
        var act = () => new CommandRunner("/usr/bin:/bin", TimeSpan.FromMilliseconds(300)).Run("sleep", ["30"]);

        act.Should().Throw<MasqueradeException>().WithMessage("*sleep 30 did not finish*");
    }
}
