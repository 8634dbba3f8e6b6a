using K8sNet.Linux.Processes;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Masquerade.Tests;

/// <summary>A command runner that records every call and answers from a queue (success with no output by default).</summary>
internal sealed class ScriptedRunner : ICommandRunner
{
    private readonly Queue<ProcessOutput> _answers = new();

    public List<(string Program, IReadOnlyList<string> Arguments, string? Stdin)> Calls { get; } = [];

    public ScriptedRunner Then(int exitCode, string stdout = "", string stderr = "")
    {
        _answers.Enqueue(new ProcessOutput(exitCode, stdout, stderr));
        return this;
    }

    public ProcessOutput Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        Calls.Add((program, arguments, stdin));
        return _answers.Count > 0 ? _answers.Dequeue() : new ProcessOutput(0, "", "");
    }

    public IEnumerable<string> Programs => Calls.Select(c => c.Program);
}
