using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>What iptables-save shows in a test namespace's nat table, reduced to the lines about CNI chains.</summary>
internal static class NatTable
{
    public static IReadOnlyList<string> CniLines(TestNetNs ns, string save = "iptables-save") =>
        ns.Exec($"{save} -t nat").Split('\n')
            .Where(l => l.Contains("CNI-", StringComparison.Ordinal))
            .ToList();

    public static IReadOnlyList<string> GoldenLines(string name) =>
        Golden.Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
