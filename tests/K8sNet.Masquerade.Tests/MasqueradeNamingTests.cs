namespace K8sNet.Masquerade.Tests;

public sealed class MasqueradeNamingTests
{
    [Fact]
    public void Chain_name_matches_the_reference_documented_example()
    {
        MasqueradeNaming.ChainName("bridge", "abc123").Should().Be(Golden.DocChain);
    }

    [Fact]
    public void Chain_name_is_the_first_24_lower_case_hex_digits_of_sha512_of_network_and_container()
    {
        // printf 'mynet0123456789abcdef' | sha512sum | cut -c1-24
        MasqueradeNaming.ChainName("mynet", "0123456789abcdef").Should().Be("CNI-" + Sha512Hex24("mynet0123456789abcdef"));
        MasqueradeNaming.ChainName("mynet", "0123456789abcdef").Should().HaveLength(28).And.MatchRegex("^CNI-[0-9a-f]{24}$");
    }

    [Fact]
    public void Chain_name_depends_on_both_network_and_container()
    {
        MasqueradeNaming.ChainName("a", "b").Should().NotBe(MasqueradeNaming.ChainName("b", "a"));
    }

    [Fact]
    public void Comment_names_network_and_container_in_double_quotes()
    {
        MasqueradeNaming.Comment("bridge", "abc123").Should().Be("name: \"bridge\" id: \"abc123\"");
    }

    private static string Sha512Hex24(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant();
}
