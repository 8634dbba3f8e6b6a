using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Linux.Tests;

public sealed class SysctlAndMacTests
{
    [Theory]
    [InlineData("net.ipv4.conf.eth0.arp_notify", "/proc/sys/net/ipv4/conf/eth0/arp_notify")]
    [InlineData("net.ipv6.conf.all.forwarding", "/proc/sys/net/ipv6/conf/all/forwarding")]
    [InlineData("net/ipv4/conf/eth0.100/arp_notify", "/proc/sys/net/ipv4/conf/eth0.100/arp_notify")]
    [InlineData("/net/ipv4/ip_forward", "/proc/sys/net/ipv4/ip_forward")]
    public void Sysctl_keys_map_to_proc_sys_paths(string key, string path) => Sysctl.PathOf(key).Should().Be(path);

    [Theory]
    [InlineData("net/../../etc/passwd")]
    [InlineData("net..ipv4")]
    [InlineData("")]
    public void Sysctl_keys_that_could_escape_or_are_empty_are_refused(string key)
    {
        var act = () => Sysctl.PathOf(key);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Mac_addresses_round_trip_in_lowercase_colon_form()
    {
        var mac = MacAddress.Parse("0A-58-0a:C8:00:02");
        mac.ToString().Should().Be("0a:58:0a:c8:00:02");
        mac.GetBytes().Should().Equal(0x0a, 0x58, 0x0a, 0xc8, 0x00, 0x02);
        MacAddress.FromBytes(mac.GetBytes()).Should().Be(mac);
    }

    [Theory]
    [InlineData("0a:58:0a:c8:00")]
    [InlineData("0a:58:0a:c8:00:zz")]
    [InlineData("0a:58:0a:c8:00:020")]
    [InlineData("0a.58.0a.c8.00.02")]
    public void Malformed_mac_addresses_are_refused(string text) => MacAddress.TryParse(text, out _).Should().BeFalse();
}
