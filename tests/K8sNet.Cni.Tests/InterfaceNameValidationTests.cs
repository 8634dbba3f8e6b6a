namespace K8sNet.Cni.Tests;

/// <summary>Interface names as libcni's ValidateInterfaceName sees them: ≤ 15 bytes (IFNAMSIZ-1), not . or .., no / : or whitespace.</summary>
public sealed class InterfaceNameValidationTests
{
    [Theory]
    [InlineData("eth0")]
    [InlineData("e")]
    [InlineData("veth1234abcd")]
    [InlineData("net1.100")]
    [InlineData("a-b_c@d")]
    [InlineData("...")]
    [InlineData("exactly15bytes_")]
    [InlineData("ünïcødé1234")]
    public void Names_the_kernel_accepts_are_fine(string name)
    {
        NameValidation.InterfaceNameProblem(name).Should().BeNull();
    }

    [Fact]
    public void Fifteen_bytes_is_the_limit()
    {
        NameValidation.InterfaceNameProblem(new string('a', 15)).Should().BeNull();
        NameValidation.InterfaceNameProblem(new string('a', 16)).Should().Contain("too long");
    }

    [Theory]
    [InlineData("ééééééé", true)]   // 7 chars, 14 bytes
    [InlineData("éééééééa", true)]  // 8 chars, 15 bytes
    [InlineData("éééééééé", false)] // 8 chars, 16 bytes
    [InlineData("eth€€€€€", false)] // 8 chars, 3 + 5*3 = 18 bytes
    [InlineData("😀😀😀x", true)]   // 3 emoji = 12 bytes + 1
    [InlineData("😀😀😀😀", false)] // 16 bytes
    public void The_limit_counts_utf8_bytes_not_characters(string name, bool valid)
    {
        var problem = NameValidation.InterfaceNameProblem(name);

        if (valid)
        {
            problem.Should().BeNull();
        }
        else
        {
            problem.Should().Contain("too long");
        }
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData(".", ". or ..")]
    [InlineData("..", ". or ..")]
    [InlineData("a/b", "'/'")]
    [InlineData("/", "'/'")]
    [InlineData("eth0:1", "':'")]
    [InlineData("eth 0", "space")]
    [InlineData(" eth0", "space")]
    [InlineData("eth0\t", "whitespace")]
    [InlineData("eth\n0", "whitespace")]
    [InlineData("eth\u00a00", "whitespace")]
    [InlineData("eth\00", "NUL")]
    public void Each_forbidden_shape_is_refused_with_its_reason(string? name, string reason)
    {
        NameValidation.InterfaceNameProblem(name).Should().NotBeNull().And.Contain(reason);
    }
}
