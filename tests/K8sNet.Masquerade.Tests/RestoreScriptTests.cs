using K8sNet.Masquerade.Iptables;

namespace K8sNet.Masquerade.Tests;

public sealed class RestoreScriptTests
{
    [Fact]
    public void Create_declares_the_chain_with_N_and_appends_the_reference_rules()
    {
        RestoreScript.Create(PodRules.For(Golden.DocExample(), IptablesFamily.V4)).Should().Be(Golden.Read("create-v4.txt"));
    }

    [Fact]
    public void Create_for_IPv6_uses_ff00_multicast_and_a_128_bit_source()
    {
        RestoreScript.Create(PodRules.For(Golden.DocExample("fd10::2/64"), IptablesFamily.V6)).Should().Be(Golden.Read("create-v6.txt"));
    }

    [Fact]
    public void Replace_flushes_by_declaring_then_deletes_every_listed_jump_before_re_adding()
    {
        var listed = PostroutingListing.JumpsTo(Golden.DocChain, """
            -P POSTROUTING ACCEPT
            -A POSTROUTING -s 10.200.0.2/32 -m comment --comment "name: \"bridge\" id: \"abc123\"" -j CNI-717908d906906cf61200f5cc
            -A POSTROUTING -s 10.200.0.0/24 -j CNI-717908d906906cf61200f5cc
            """);

        RestoreScript.Replace(PodRules.For(Golden.DocExample(), IptablesFamily.V4), listed).Should().Be(Golden.Read("replace-v4.txt"));
    }

    [Fact]
    public void Remove_expected_deletes_the_jump_then_flushes_and_deletes_the_chain()
    {
        RestoreScript.RemoveExpected(PodRules.For(Golden.DocExample(), IptablesFamily.V4)).Should().Be(Golden.Read("remove-expected-v4.txt"));
    }

    [Fact]
    public void Remove_with_nothing_listed_only_flushes_and_deletes_the_chain()
    {
        RestoreScript.Remove(Golden.DocChain, []).Should().Be(
            $"*nat\n:{Golden.DocChain} - [0:0]\n-X {Golden.DocChain}\nCOMMIT\n");
    }

    [Fact]
    public void Check_tests_every_rule_and_its_lines_map_back_to_the_rules()
    {
        var rules = PodRules.For(Golden.DocExample(), IptablesFamily.V4);
        var script = RestoreScript.Check(rules);

        script.Should().Be(Golden.Read("check-v4.txt"));
        var lines = script.Split('\n');
        var mapped = RestoreScript.CheckLines(rules);
        for (var i = 0; i < mapped.Count; i++)
        {
            lines[i + RestoreScript.FirstRuleLine - 1].Should().Be(mapped[i].Line('C'));
        }
    }
}
