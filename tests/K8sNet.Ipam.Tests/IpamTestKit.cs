using System.Text;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Ipam.Tests;

/// <summary>Builds invocations the way the dispatcher does, from a config JSON and CNI_* values.</summary>
public static class IpamTestKit
{
    public static string Net(string ipam, string name = "testnet", string extra = "") =>
        $$"""{"cniVersion":"1.0.0","name":"{{name}}","type":"bridge"{{extra}},"ipam":{{ipam}}}""";

    public static string Subnet(string subnet, string dataDir, string more = "") =>
        $$"""{"type":"host-local","dataDir":"{{dataDir}}","ranges":[[{"subnet":"{{subnet}}"{{more}}}]]}""";

    public static CniInvocation Invocation(
        string config, string id = "c1", string ifName = "eth0", CniCommand command = CniCommand.Add, string netNs = "/var/run/netns/test", string cniArgs = "")
    {
        var bytes = Encoding.UTF8.GetBytes(config);
        var conf = NetConfJson.Read(ConfigJson.Parse(bytes));
        var request = new CniRequest(command, id, netNs, ifName, CniArgs.Parse(cniArgs), cniArgs, ["/usr/lib/cni"], bytes);
        return new CniInvocation(request, conf, CniVersion.V100, null, NullLogger.Instance);
    }

    public static string AddressOf(Cni.Results.CniResult result, int index = 0) => result.Ips![index].Address;
}

/// <summary>A throwaway data dir under /tmp, removed afterwards.</summary>
public sealed class TempDataDir : IDisposable
{
    public TempDataDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "k8snet-ipam-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Network(string name = "testnet") => System.IO.Path.Combine(Path, name);

    public string[] LeaseNames(string name = "testnet") =>
        Directory.EnumerateFiles(Network(name)).Select(System.IO.Path.GetFileName).OfType<string>()
            .Where(n => n.Contains('.') || n.Contains(':')).Where(n => !n.StartsWith("last_reserved_ip", StringComparison.Ordinal)).Order().ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
