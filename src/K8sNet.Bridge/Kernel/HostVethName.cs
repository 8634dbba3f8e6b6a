namespace K8sNet.Bridge.Kernel;

/// <summary>
/// The host end's name: "veth" and 8 random hex digits, as the reference names it (vethf8797387). The name only has
/// to be unlikely to clash (a clash is retried), so a non-cryptographic generator serves: the cryptographic one would
/// load OpenSSL into every ADD.
/// </summary>
public static class HostVethName
{
    public const string Prefix = "veth";

    // Hex formatting of a non-negative number needs no culture (asking for the invariant one would build its data).
    public static string NewRandom() => Prefix + ((uint)Random.Shared.NextInt64(0, 1L << 32)).ToString("x8");
}
