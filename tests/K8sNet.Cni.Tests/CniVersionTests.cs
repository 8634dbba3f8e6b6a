namespace K8sNet.Cni.Tests;

/// <summary>Spec versions as strings, their order, and which features each one has (spec version table).</summary>
public sealed class CniVersionTests
{
    [Theory]
    [InlineData("0.3.0", false, false, true, false)]
    [InlineData("0.3.1", false, false, true, false)]
    [InlineData("0.4.0", true, false, true, false)]
    [InlineData("1.0.0", true, false, false, false)]
    [InlineData("1.1.0", true, true, false, true)]
    public void Each_version_has_the_features_the_spec_gave_it(string text, bool check, bool gcAndStatus, bool ipVersion, bool extended)
    {
        var version = CniVersion.ParseSupported(text);

        version.HasCheck.Should().Be(check);
        version.HasGcAndStatus.Should().Be(gcAndStatus);
        version.HasIpVersionField.Should().Be(ipVersion);
        version.HasExtendedResultFields.Should().Be(extended);
        version.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("1.0.x")]
    [InlineData("-1.0.0")]
    [InlineData("+1.0.0")]
    [InlineData(" 1.0.0")]
    [InlineData("1.0.0-rc1")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_that_is_not_three_plain_numbers_does_not_parse(string? text)
    {
        CniVersion.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Versions_order_numerically_not_textually()
    {
        CniVersion.TryParse("0.10.0", out var tenth).Should().BeTrue();

        (tenth > CniVersion.V040).Should().BeTrue();
        (CniVersion.V031 < CniVersion.V040).Should().BeTrue();
        (CniVersion.V110 >= CniVersion.V100).Should().BeTrue();
        (CniVersion.V100 <= CniVersion.V100 with { }).Should().BeTrue();
        CniVersion.Latest.Should().Be(CniVersion.V110);
    }

    [Theory]
    [InlineData("0.2.0")]
    [InlineData("0.4.1")]
    [InlineData("2.0.0")]
    public void A_parsable_but_unsupported_version_is_code_1_with_the_supported_list_in_details(string text)
    {
        var act = () => CniVersion.ParseSupported(text);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.IncompatibleVersion && e.Message.Contains(text)
                && e.Details!.Contains("0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"));
    }
}
