using System.Text;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>The process as a dictionary of variables and two in-memory streams.</summary>
public sealed class FakeCniEnvironment : ICniEnvironment
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly MemoryStream _stdout = new();

    public FakeCniEnvironment(IReadOnlyDictionary<string, string> variables, Stream stdin)
    {
        foreach (var (name, value) in variables)
        {
            _variables[name] = value;
        }

        Stdin = stdin;
    }

    public FakeCniEnvironment(IReadOnlyDictionary<string, string> variables, byte[] stdin)
        : this(variables, new MemoryStream(stdin, writable: false))
    {
    }

    public FakeCniEnvironment(IReadOnlyDictionary<string, string> variables, string stdin)
        : this(variables, Encoding.UTF8.GetBytes(stdin))
    {
    }

    public Stream Stdin { get; }

    public Stream Stdout => _stdout;

    /// <summary>Every name the code under test asked for, in order.</summary>
    public List<string> Requested { get; } = [];

    public string? GetEnv(string name)
    {
        Requested.Add(name);
        return _variables.TryGetValue(name, out var value) ? value : null;
    }

    public byte[] StdoutBytes => _stdout.ToArray();

    public string StdoutText => Encoding.UTF8.GetString(_stdout.ToArray());
}
