using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Ipam.Config;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// A plugin that runs the real config loaders of every verb (bridge keys, host-local's ipam section, ranges, requested
/// IPs, routes) and stops there: the parsers under fuzz, with no kernel or disk behind them.
/// </summary>
public sealed class ParsingPlugin : ICniPlugin
{
    public CniResult Add(CniInvocation invocation)
    {
        Load(invocation);
        return new CniResult { Ips = [new CniIpConfig { Address = "10.0.0.2/24", Interface = 0 }], Interfaces = [new CniInterface { Name = "eth0" }] };
    }

    public void Del(CniInvocation invocation) => Load(invocation);

    public void Check(CniInvocation invocation) => Load(invocation);

    public void Gc(CniInvocation invocation) => Load(invocation);

    public void Status(CniInvocation invocation) => Load(invocation);

    private static void Load(CniInvocation invocation)
    {
        var bridge = BridgeConfLoader.Load(invocation);
        BridgeConfLoader.RequestedMac(bridge, invocation.Request.Args);
        if (invocation.Config.Ipam is { ValueKind: System.Text.Json.JsonValueKind.Object })
        {
            IpamConfigLoader.Load(invocation);
        }
    }
}

/// <summary>The process as a dictionary and two memory streams (as the Cni.Tests fakes).</summary>
public sealed class MemoryEnvironment(IReadOnlyDictionary<string, string> variables, byte[] stdin) : ICniEnvironment
{
    private readonly MemoryStream _stdout = new();

    public Stream Stdin { get; } = new MemoryStream(stdin, writable: false);

    public Stream Stdout => _stdout;

    public byte[] StdoutBytes => _stdout.ToArray();

    public string? GetEnv(string name) => variables.TryGetValue(name, out var value) ? value : null;
}
