using System.Text;
using K8sNet.Operator.Config;
using K8sNet.Operator.Install;

namespace K8sNet.Operator.Tests;

/// <summary>Warnings: valid configs that a common runtime still fails on (cniVersion 1.1.0 with containerd 1.6/1.7).</summary>
public sealed class ConfigWarningsTests
{
    [Theory]
    [InlineData("0.3.1", 0)]
    [InlineData("0.4.0", 0)]
    [InlineData("1.0.0", 0)]
    [InlineData("1.1.0", 1)]
    public void Only_cni_version_1_1_0_is_warned_about_and_it_stays_valid(string version, int warnings)
    {
        var file = Parse($$$"""{"cniVersion":"{{{version}}}","name":"bridge","plugins":[{"type":"k8snet","bridge":"cnio0","ipam":{"type":"host-local","ranges":[[{"subnet":"10.200.0.0/24"}]]}}]}""");

        ConfigChecker.Check(file).Should().BeEmpty("a warning is not a problem");
        var found = ConfigWarnings.For(file);
        found.Should().HaveCount(warnings);
        if (warnings > 0)
        {
            found[0].Field.Should().Be("cniVersion");
            found[0].Reason.Should().Contain("containerd 1.6 and 1.7").And.Contain("unsupported CNI result version 1.1.0").And.Contain("1.0.0");
        }
    }

    [Fact]
    public void Install_writes_1_0_0_by_default_so_its_conflist_draws_no_warning()
    {
        var options = new InstallOptions { PodCidrs = ["10.200.0.0/24"], SourceBinary = "/nonexistent" };
        var file = Parse(ConflistBuilder.Build(options));

        file.CniVersion.Should().Be("1.0.0");
        ConfigWarnings.For(file).Should().BeEmpty();
        ConfigWarnings.For(Parse(ConflistBuilder.Build(options with { CniVersion = "1.1.0" }))).Should().ContainSingle();
    }

    [Fact]
    public void A_file_that_cannot_be_loaded_has_problems_but_no_warnings()
    {
        ConfigWarnings.For("/nonexistent/10-k8snet.conflist").Should().BeEmpty();
    }

    private static NetworkConfigFile Parse(string json) => NetworkConfigFile.Parse("test.conflist", Encoding.UTF8.GetBytes(json));
}
