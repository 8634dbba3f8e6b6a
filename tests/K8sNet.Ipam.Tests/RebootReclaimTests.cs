using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>Leases from an earlier boot whose netns is gone are reclaimed when the pool is full and by GC (plugins#252/#697).</summary>
public sealed class RebootReclaimTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly HashSet<string> _liveNetNs = [];

    public RebootReclaimTests() =>
        Config = Net(Subnet("10.0.0.0/24", _data.Path, ""","rangeStart":"10.0.0.2","rangeEnd":"10.0.0.3" """));

    private string Config { get; }

    public void Dispose() => _data.Dispose();

    private HostLocalPlugin Boot(string bootId, DateTime? bootTime = null) => new(new HostLocalOptions
    {
        BootId = () => bootId,
        BootTimeUtc = () => bootTime ?? DateTime.UtcNow.AddHours(-1),
        NetNsExists = _liveNetNs.Contains,
    });

    [Fact]
    public void A_full_pool_reclaims_leases_of_an_earlier_boot_whose_netns_is_gone()
    {
        var before = Boot("boot-a");
        before.Add(Invocation(Config, "old1", netNs: "/run/netns/old1"));
        before.Add(Invocation(Config, "old2", netNs: "/run/netns/old2"));

        var after = Boot("boot-b");
        AddressOf(after.Add(Invocation(Config, "new1", netNs: "/run/netns/new1"))).Should().Be("10.0.0.2/24");
        _data.LeaseNames().Should().Equal("10.0.0.2");
        File.ReadAllText(Path.Combine(_data.Network(), "10.0.0.2")).Should().Be("new1\r\neth0");
    }

    [Fact]
    public void Leases_of_this_boot_or_with_a_live_netns_are_never_reclaimed()
    {
        _liveNetNs.Add("/run/netns/alive");
        Boot("boot-a").Add(Invocation(Config, "alive", netNs: "/run/netns/alive"));
        var now = Boot("boot-b");
        now.Add(Invocation(Config, "current", netNs: "/run/netns/current"));

        var act = () => now.Add(Invocation(Config, "new", netNs: "/run/netns/new"));
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.PoolExhausted);
        _data.LeaseNames().Should().Equal("10.0.0.2", "10.0.0.3");
    }

    [Fact]
    public void Gc_reclaims_earlier_boot_leases_even_if_listed_valid_and_status_sees_them_as_available()
    {
        var before = Boot("boot-a");
        before.Add(Invocation(Config, "old1", netNs: "/run/netns/old1"));
        before.Add(Invocation(Config, "old2", netNs: "/run/netns/old2"));
        var after = Boot("boot-b");
        after.Status(Invocation(Config, command: CniCommand.Status));

        var gc = Config.Replace("\"ipam\"", """ "cni.dev/valid-attachments":[{"containerID":"old1","ifname":"eth0"}],"ipam" """, StringComparison.Ordinal);
        after.Gc(Invocation(gc, string.Empty, string.Empty, CniCommand.Gc));
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void Reference_leases_without_a_boot_id_are_judged_by_file_age_against_boot_time()
    {
        Directory.CreateDirectory(_data.Network());
        var stale = Path.Combine(_data.Network(), "10.0.0.2");
        File.WriteAllText(stale, "refold\r\neth0");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        File.WriteAllText(Path.Combine(_data.Network(), "10.0.0.3"), "refnew\r\neth0");

        AddressOf(Boot("boot-b").Add(Invocation(Config, "new"))).Should().Be("10.0.0.2/24");
        File.ReadAllText(Path.Combine(_data.Network(), "10.0.0.3")).Should().Be("refnew\r\neth0");
    }
}
