using System.Text;
using K8sNet.Ipam.Store;

namespace K8sNet.Ipam.Tests;

public sealed class Sha256Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(230)]
    [InlineData(1000)]
    public void Managed_sha256_equals_the_platform_one_across_block_boundaries(int length)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7)).ToArray();

        Sha256.HashData(message).Should().Equal(System.Security.Cryptography.SHA256.HashData(message));
    }

    [Fact]
    public void Matches_the_fips_180_test_vector_for_abc()
    {
        Convert.ToHexStringLower(Sha256.HashData(Encoding.ASCII.GetBytes("abc"))).Should().Be(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
