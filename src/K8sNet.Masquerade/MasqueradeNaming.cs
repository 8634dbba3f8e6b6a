using System.Text;
using K8sNet.Linux.Hashing;

namespace K8sNet.Masquerade;

/// <summary>
/// The names the reference plugin gives a pod's rules (plugins pkg/utils FormatChainName / FormatComment), so a pod
/// set up by either plugin is torn down by either.
/// </summary>
public static class MasqueradeNaming
{
    /// <summary>"CNI-" plus 24 hex digits: 28 characters, under iptables' 29-character chain name limit.</summary>
    public static string ChainName(string networkName, string containerId)
    {
        var digest = Sha2.Sha512(Encoding.UTF8.GetBytes(networkName + containerId));
        return "CNI-" + Convert.ToHexStringLower(digest)[..24];
    }

    /// <summary>The comment every rule carries (the interface name is not part of it, for historical reasons).</summary>
    public static string Comment(string networkName, string containerId) =>
        $"name: \"{networkName}\" id: \"{containerId}\"";
}
