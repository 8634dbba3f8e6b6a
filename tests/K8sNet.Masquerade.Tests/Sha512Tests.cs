using System.Text;

namespace K8sNet.Masquerade.Tests;

public sealed class Sha512Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(111)]
    [InlineData(112)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public void Managed_sha512_equals_the_platform_one_across_block_boundaries(int length)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7)).ToArray();

        Sha512.HashData(message).Should().Equal(System.Security.Cryptography.SHA512.HashData(message));
    }

    [Fact]
    public void Matches_the_fips_180_test_vector_for_abc()
    {
        Convert.ToHexStringLower(Sha512.HashData(Encoding.ASCII.GetBytes("abc"))).Should().Be(
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    }
}
