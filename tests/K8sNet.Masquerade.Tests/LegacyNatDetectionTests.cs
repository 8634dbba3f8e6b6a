using System.Text;
using K8sNet.Masquerade.Nftables;

namespace K8sNet.Masquerade.Tests;

/// <summary>
/// DEL runs the iptables teardown whenever iptables-legacy has a nat table, since its chains are invisible to
/// nf_tables; the kernel says so by listing "nat" in /proc/net/ip[6]_tables_names, one table name per line.
/// </summary>
public sealed class LegacyNatDetectionTests
{
    [Theory]
    [InlineData("filter\nnat\n", true)]
    [InlineData("nat\n", true)]
    [InlineData("nat", true)]
    [InlineData("mangle\r\nnat\r\n", true)]
    [InlineData("filter\nmangle\n", false)]
    [InlineData("natx\nxnat\n", false)]
    [InlineData("", false)]
    public void Nat_counts_only_as_a_whole_line(string listing, bool expected) =>
        NftablesNetlinkBackend.ListsNat(Encoding.ASCII.GetBytes(listing)).Should().Be(expected);
}
