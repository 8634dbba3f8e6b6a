using System.Security.Cryptography;

namespace K8sNet.Bridge.Kernel;

/// <summary>The host end's name: "veth" and 8 random hex digits, as the reference names it (vethf8797387).</summary>
public static class HostVethName
{
    public const string Prefix = "veth";

    public static string NewRandom() => Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
}
