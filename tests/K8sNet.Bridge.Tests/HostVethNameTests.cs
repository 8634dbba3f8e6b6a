using K8sNet.Bridge.Kernel;

namespace K8sNet.Bridge.Tests;

public sealed class HostVethNameTests
{
    [Fact]
    public void Names_are_veth_and_eight_hex_digits_and_vary()
    {
        var names = Enumerable.Range(0, 200).Select(_ => HostVethName.NewRandom()).ToList();

        names.Should().OnlyContain(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^veth[0-9a-f]{8}$"));
        names.Distinct().Should().HaveCountGreaterThan(190);
    }
}
