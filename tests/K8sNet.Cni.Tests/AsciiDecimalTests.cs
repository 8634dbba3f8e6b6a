using System.Globalization;

namespace K8sNet.Cni.Tests;

public sealed class AsciiDecimalTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("24", 24)]
    [InlineData("007", 7)]
    [InlineData("2147483647", int.MaxValue)]
    public void Digits_parse_to_their_value(string text, int expected)
    {
        AsciiDecimal.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("١٢")] // Arabic-Indic digits are not ASCII digits
    public void Anything_but_ascii_digits_within_int_range_is_refused(string text)
    {
        AsciiDecimal.TryParse(text, out var value).Should().BeFalse();
        value.Should().Be(0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("24")]
    [InlineData("007")]
    [InlineData("-1")]
    [InlineData(" 1")]
    [InlineData("2147483648")]
    [InlineData("")]
    public void It_agrees_with_int_TryParse_without_sign_or_spaces_in_the_invariant_culture(string text)
    {
        var expected = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed);
        AsciiDecimal.TryParse(text, out var value).Should().Be(expected);
        value.Should().Be(parsed);
    }
}
