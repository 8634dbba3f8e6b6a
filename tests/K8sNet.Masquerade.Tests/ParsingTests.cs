using K8sNet.Masquerade.Iptables;

namespace K8sNet.Masquerade.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void Listing_keeps_only_POSTROUTING_rules_whose_target_is_the_chain()
    {
        var listing = """
            -P POSTROUTING ACCEPT
            -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
            -A POSTROUTING -s 10.200.0.2/32 -m comment --comment "name: \"bridge\" id: \"abc123\"" -j CNI-717908d906906cf61200f5cc
            -A POSTROUTING -s 10.200.0.3/32 -m comment --comment "name: \"bridge\" id: \"other\"" -j CNI-717908d906906cf61200f5ccXX
            -A POSTROUTING -s 10.200.0.0/24 -j CNI-717908d906906cf61200f5cc
            """;

        PostroutingListing.JumpsTo(Golden.DocChain, listing).Select(r => r.Spec).Should().Equal(
            "-s 10.200.0.2/32 -m comment --comment \"name: \\\"bridge\\\" id: \\\"abc123\\\"\" -j CNI-717908d906906cf61200f5cc",
            "-s 10.200.0.0/24 -j CNI-717908d906906cf61200f5cc");
    }

    [Theory]
    [InlineData("iptables-restore: line 4 failed: Bad rule (does a matching rule exist in that chain?).", 4)]
    [InlineData("iptables-restore: line 2 failed\n", 2)]
    [InlineData("iptables-restore v1.8.9 (nf_tables): Chain 'CNI-x' does not exist\nError occurred at line: 3\nTry `iptables-restore -h'", 3)]
    [InlineData("iptables-restore: unable to initialize table 'nat'", null)]
    public void Failed_line_is_read_from_both_iptables_builds(string stderr, int? line)
    {
        RestoreFailure.FailedLine(stderr).Should().Be(line);
    }

    [Fact]
    public void Summary_is_the_first_non_empty_line()
    {
        RestoreFailure.Summary("\n  iptables-restore: line 2 failed  \nTry `iptables-restore -h'").Should().Be("iptables-restore: line 2 failed");
        RestoreFailure.Summary("").Should().Be("(no message)");
    }

    [Fact]
    public void Address_parses_from_cidr_text()
    {
        MasqueradeAddress.Parse("fd10::2/64").Should().Be(new MasqueradeAddress(System.Net.IPAddress.Parse("fd10::2"), 64));
        var act = () => MasqueradeAddress.Parse("10.0.0.1");
        act.Should().Throw<FormatException>();
    }
}
