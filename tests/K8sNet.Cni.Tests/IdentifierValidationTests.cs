namespace K8sNet.Cni.Tests;

/// <summary>Network names and container IDs: ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$ (SPEC §1, §2), since both end up in file paths.</summary>
public sealed class IdentifierValidationTests
{
    [Theory]
    [InlineData("bridge")]
    [InlineData("k8s-pod-network")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("net_1.v2-x")]
    [InlineData("a..b")]
    [InlineData("Z9")]
    [InlineData("4f1a2b3c4d5e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f9001122334455")]
    public void Letters_digits_underscore_dot_and_dash_after_a_letter_or_digit_are_valid(string value)
    {
        NameValidation.IsValidIdentifier(value).Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../x")]
    [InlineData("../escape")]
    [InlineData("a\0b")]
    [InlineData("\0")]
    [InlineData("my net")]
    [InlineData(" net")]
    [InlineData("net ")]
    [InlineData("net\n")]
    [InlineData("net\t1")]
    [InlineData("-net")]
    [InlineData("_net")]
    [InlineData(".net")]
    [InlineData("net:1")]
    [InlineData("net\\1")]
    [InlineData("nét")]
    [InlineData("net*")]
    [InlineData("ｎｅｔ")]
    public void Anything_else_is_invalid(string? value)
    {
        NameValidation.IsValidIdentifier(value).Should().BeFalse();
    }
}
