using System.Security.Cryptography;
using System.Text;

namespace K8sNet.E2E.Tests;

/// <summary>The reference's chain naming, computed independently of the code under test.</summary>
internal static class NatChains
{
    public static string Hash(string network, string containerId) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(network + containerId)))[..24].ToLowerInvariant();

    public static string Name(string network, string containerId) => "CNI-" + Hash(network, containerId);
}
