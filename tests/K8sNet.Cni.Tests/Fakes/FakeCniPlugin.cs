using K8sNet.Cni.Results;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>A plugin that records each call and does whatever the test tells it to.</summary>
public sealed class FakeCniPlugin : ICniPlugin
{
    /// <summary>The versions it claims; the bridge's set (0.3.0 on) unless a test says otherwise.</summary>
    public CniVersionSet Versions { get; set; } = CniVersionSet.FromV030;

    /// <summary>Runs on every verb before it returns; throw from here to simulate a failing plugin.</summary>
    public Action<CniInvocation>? OnCall { get; set; }

    /// <summary>What ADD returns; by default one IPv4 address on eth0.</summary>
    public Func<CniInvocation, CniResult> AddResult { get; set; } = _ => SampleResults.Ipv4OnEth0();

    public List<(CniCommand Verb, CniInvocation Invocation)> Calls { get; } = [];

    public CniInvocation? LastInvocation => Calls.Count == 0 ? null : Calls[^1].Invocation;

    public CniResult Add(CniInvocation invocation)
    {
        Record(invocation);
        return AddResult(invocation);
    }

    public void Del(CniInvocation invocation) => Record(invocation);

    public void Check(CniInvocation invocation) => Record(invocation);

    public void Gc(CniInvocation invocation) => Record(invocation);

    public void Status(CniInvocation invocation) => Record(invocation);

    private void Record(CniInvocation invocation)
    {
        Calls.Add((invocation.Command, invocation));
        OnCall?.Invoke(invocation);
    }
}
