namespace K8sNet.Ship.Tests;

/// <summary>The manifest tests are only as good as the reader: it must read the subset right and refuse the rest.</summary>
public sealed class YamlSubsetTests
{
    [Fact]
    public void Reads_documents_mappings_sequences_flow_lists_quotes_and_comments()
    {
        var docs = YamlSubset.LoadAll("""
            # header
            kind: A # trailing
            list:
              - name: x
                items: ["a", 'b', c]
              - plain # comment
            same-indent:
            - one
            url: "http://h:1/#frag"
            ---
            kind: B
            empty:
            """);

        docs.Should().HaveCount(2);
        docs[0].Str("kind").Should().Be("A");
        var list = docs[0].List("list");
        ((Dictionary<string, object?>)list[0]!).List("items").Strs().Should().Equal("a", "b", "c");
        list[1].Should().Be("plain");
        docs[0].List("same-indent").Strs().Should().Equal("one");
        docs[0].Str("url").Should().Be("http://h:1/#frag");
        docs[1]["empty"].Should().BeNull();
    }

    [Theory]
    [InlineData("a: |\n  text")]
    [InlineData("a: &anchor x")]
    [InlineData("a: {b: c}")]
    [InlineData("a:\n\tb: c")]
    [InlineData("a: b\na: c")]
    [InlineData("a: b\n    c: d")]
    public void Refuses_what_is_outside_the_subset_naming_the_line(string yaml)
    {
        var read = () => YamlSubset.LoadAll(yaml);
        read.Should().Throw<FormatException>().WithMessage("line *");
    }
}
