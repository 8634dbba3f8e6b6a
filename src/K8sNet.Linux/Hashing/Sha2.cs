using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace K8sNet.Linux.Hashing;

/// <summary>
/// SHA-256 and SHA-512 (FIPS 180-4), the two SHA-2 functions K8sNet needs: SHA-256 names the index entry of a very
/// long container ID, SHA-512 names a pod's iptables chain and macspoofchk chain as the reference names them. The
/// BCL's SHA256/SHA512 would load OpenSSL with dlopen (milliseconds and megabytes in a process that lives for
/// milliseconds; in the statically linked binary a second C library in the process, which crashed), so the digests
/// come from BouncyCastle's managed code: +9 KB of binary and no measurable time or memory against a hand-written
/// pair (docs/performance.md, "Issue 20"), and a reviewer need not trust our own cryptographic code. Checked against
/// the NIST examples and the platform implementation in Sha2Tests.
/// </summary>
public static class Sha2
{
    /// <summary>SHA-256 of <paramref name="message"/>: 32 bytes.</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> message) => Hash(new Sha256Digest(), message);

    /// <summary>SHA-512 of <paramref name="message"/>: 64 bytes.</summary>
    public static byte[] Sha512(ReadOnlySpan<byte> message) => Hash(new Sha512Digest(), message);

    private static byte[] Hash(IDigest digest, ReadOnlySpan<byte> message)
    {
        digest.BlockUpdate(message);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }
}
