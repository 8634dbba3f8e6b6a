using K8sNet.Masquerade.Iptables;

namespace K8sNet.Masquerade.Tests;

public sealed class PodRulesTests
{
    [Fact]
    public void Only_addresses_of_the_family_produce_rules()
    {
        var target = Golden.DocExample("10.200.0.2/24", "fd10::2/64");

        PodRules.For(target, IptablesFamily.V4).Jumps.Should().ContainSingle().Which.Spec.Should().StartWith("-s 10.200.0.2/32 ");
        PodRules.For(target, IptablesFamily.V6).Jumps.Should().ContainSingle().Which.Spec.Should().StartWith("-s fd10::2/128 ");
    }

    [Fact]
    public void No_address_of_the_family_means_no_rules_but_the_chain_name_is_still_known()
    {
        var rules = PodRules.For(new MasqueradeTarget("bridge", "abc123", "eth0"), IptablesFamily.V4);

        rules.ChainRules.Should().BeEmpty();
        rules.Jumps.Should().BeEmpty();
        rules.Chain.Should().Be(Golden.DocChain);
    }

    [Fact]
    public void Two_subnets_are_both_accepted_before_the_single_masquerade()
    {
        var rules = PodRules.For(Golden.DocExample("10.200.0.2/24", "10.201.5.9/16"), IptablesFamily.V4);

        rules.ChainRules.Select(r => r.Spec.Split(' ')[0] + " " + r.Spec.Split(' ')[1]).Should().Equal(
            "-d 10.200.0.0/24", "-d 10.201.0.0/16", "! -d");
        rules.Jumps.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("10.1.2.3/24", "10.1.2.0/24")]
    [InlineData("10.1.2.3/9", "10.0.0.0/9")]
    [InlineData("10.1.2.3/32", "10.1.2.3/32")]
    [InlineData("10.1.2.3/0", "0.0.0.0/0")]
    public void Subnet_clears_the_host_bits_of_an_IPv4_address(string cidr, string subnet)
    {
        PodRules.Subnet(MasqueradeAddress.Parse(cidr), IptablesFamily.V4).Should().Be(subnet);
    }

    [Theory]
    [InlineData("fd10::2/64", "fd10::/64")]
    [InlineData("fd10:0:0:1:ffff::2/62", "fd10::/62")]
    public void Subnet_clears_the_host_bits_of_an_IPv6_address(string cidr, string subnet)
    {
        PodRules.Subnet(MasqueradeAddress.Parse(cidr), IptablesFamily.V6).Should().Be(subnet);
    }

    [Fact]
    public void A_prefix_longer_than_the_family_allows_is_refused()
    {
        var act = () => PodRules.Subnet(new MasqueradeAddress(System.Net.IPAddress.Parse("10.0.0.1"), 33), IptablesFamily.V4);

        act.Should().Throw<MasqueradeException>().WithMessage("*33*10.0.0.1*");
    }

    [Fact]
    public void Quotes_and_backslashes_in_a_comment_are_escaped_as_iptables_restore_reads_them()
    {
        PodRules.QuoteComment("name: \"a\\b\"").Should().Be("\"name: \\\"a\\\\b\\\"\"");
    }

    [Fact]
    public void A_line_break_in_a_name_is_refused_because_it_would_end_the_restore_line()
    {
        var act = () => PodRules.For(new MasqueradeTarget("net\n-F", "abc", "eth0", [MasqueradeAddress.Parse("10.0.0.2/24")]), IptablesFamily.V4);

        act.Should().Throw<MasqueradeException>().WithMessage("*control character*");
    }

    [Fact]
    public void A_comment_over_the_xt_comment_limit_is_refused_with_the_reason()
    {
        var act = () => PodRules.For(new MasqueradeTarget(new string('n', 200), new string('c', 64), "eth0", [MasqueradeAddress.Parse("10.0.0.2/24")]), IptablesFamily.V4);

        act.Should().Throw<MasqueradeException>().WithMessage("*255-byte comment limit*");
    }
}
