using System.Text;
using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.BadInput;

/// <summary>What a bad-input case gets to build its call from: the node (for its dataDir and configs) and one pod.</summary>
public sealed record BadInputContext(ReliabilityNode Node, TestNetNs Pod)
{
    public Dictionary<string, string?> AddEnv(string containerId = "bad-input", string? ifName = "eth0") =>
        ReliabilityNode.Env("ADD", containerId, Pod.Path, ifName ?? "eth0");

    public string Config(string version = "1.0.0", string ranges = """[[{"subnet":"10.222.0.0/24"}]]""", string name = "rel", string? ipam = null, string extra = "") =>
        Node.Config(version, ipMasq: true, ranges, name, ipam, extra);
}

/// <summary>One call the plugin must refuse with <paramref name="Code"/> and a message containing <paramref name="Message"/>.</summary>
/// <param name="Prepare">Runs before the "before" snapshot: state the case needs (leases that exhaust the pool, a taken name).</param>
/// <param name="Bug">Set while the plugin gets this case wrong: the case then runs in the skipped known-bugs theory.</param>
/// <param name="Plugin">The name the binary is run as (e.g. "portmap"); the bridge plugin when null.</param>
/// <param name="ReachesIpam">Refused after a lease was taken and given back: the store's bookkeeping (cursor, index meta, lock) may change, leases may not.</param>
public sealed record BadInput(
    string Name,
    int Code,
    string Message,
    Func<BadInputContext, Dictionary<string, string?>> Env,
    Func<BadInputContext, byte[]> Stdin,
    Action<BadInputContext>? Prepare = null,
    string? Bug = null,
    bool ReachesIpam = false,
    string? Plugin = null)
{
    public static BadInput Config(string name, int code, string message, Func<BadInputContext, string> stdin, Action<BadInputContext>? prepare = null) =>
        new(name, code, message, c => c.AddEnv(), c => Encoding.UTF8.GetBytes(stdin(c)), prepare);

    public static BadInput Environment(string name, int code, string message, Func<BadInputContext, Dictionary<string, string?>> env, Action<BadInputContext>? prepare = null) =>
        new(name, code, message, env, c => Encoding.UTF8.GetBytes(c.Config()), prepare);

    public override string ToString() => Name;
}
