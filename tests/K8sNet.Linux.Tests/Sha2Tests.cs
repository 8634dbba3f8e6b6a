using System.Text;
using K8sNet.Linux.Hashing;

namespace K8sNet.Linux.Tests;

/// <summary>
/// SHA-256 and SHA-512 against the NIST examples for FIPS 180-4 (csrc.nist.gov "Cryptographic Standards and
/// Guidelines: Examples with Intermediate Values": one block, two blocks, and the one-million-'a' message of the
/// earlier FIPS 180-2 appendix), the empty message, and the platform implementation across every padding boundary.
/// </summary>
public sealed class Sha2Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_the_nist_examples(string message, string digest)
    {
        Convert.ToHexStringLower(Sha2.Sha256(Encoding.ASCII.GetBytes(message))).Should().Be(digest);
    }

    [Theory]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void Sha512_matches_the_nist_examples(string message, string digest)
    {
        Convert.ToHexStringLower(Sha2.Sha512(Encoding.ASCII.GetBytes(message))).Should().Be(digest);
    }

    [Fact]
    public void A_million_a_matches_the_nist_long_message_examples()
    {
        var message = Enumerable.Repeat((byte)'a', 1_000_000).ToArray();

        Convert.ToHexStringLower(Sha2.Sha256(message)).Should().Be("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        Convert.ToHexStringLower(Sha2.Sha512(message)).Should().Be(
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
    }

    [Fact]
    public void Both_equal_the_platform_ones_at_every_length_around_the_padding_boundaries()
    {
        // SHA-256 needs a second block from 56 bytes on, SHA-512 from 112; every length up to three blocks of either.
        for (var length = 0; length <= 3 * 128 + 1; length++)
        {
            var message = Enumerable.Range(0, length).Select(i => (byte)((i * 31) + 7)).ToArray();

            Sha2.Sha256(message).Should().Equal(System.Security.Cryptography.SHA256.HashData(message), $"SHA-256 of {length} bytes");
            Sha2.Sha512(message).Should().Equal(System.Security.Cryptography.SHA512.HashData(message), $"SHA-512 of {length} bytes");
        }
    }
}
