using System.Text;
using K8sNet.Cni;
using K8sNet.Testing;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

public sealed class AllocationTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly HostLocalPlugin _plugin = new();

    public void Dispose() => _data.Dispose();

    private string Config(string subnet = "10.0.0.0/24", string more = "", string extra = "") => Net(Subnet(subnet, _data.Path, more), extra: extra);

    private Cni.Results.CniResult Add(string config, string id, string ifName = "eth0", string cniArgs = "") =>
        _plugin.Add(Invocation(config, id, ifName, cniArgs: cniArgs));

    [Fact]
    public void The_first_address_is_the_one_after_the_gateway_and_comes_with_prefix_and_gateway()
    {
        var result = Add(Config(), "c1");
        result.Ips.Should().ContainSingle();
        result.Ips![0].Address.Should().Be("10.0.0.2/24");
        result.Ips[0].Gateway.Should().Be("10.0.0.1");
        result.Ips[0].Interface.Should().BeNull();
        result.Interfaces.Should().BeNull();
    }

    [Fact]
    public void The_lease_file_holds_container_id_CRLF_ifname_without_newline_like_the_reference()
    {
        Add(Config(), "abc123");
        var path = Path.Combine(_data.Network(), "10.0.0.2");
        File.ReadAllBytes(path).Should().Equal(Encoding.ASCII.GetBytes("abc123\r\neth0"));
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(_data.Network()).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.ReadAllText(Path.Combine(_data.Network(), "last_reserved_ip.0")).Should().Be("10.0.0.2");
        File.Exists(Path.Combine(_data.Network(), "lock")).Should().BeTrue();
    }

    [Fact]
    public void Allocates_the_next_address_after_the_last_reserved_one_so_a_released_address_is_not_reused_at_once()
    {
        Add(Config(), "c1");
        Add(Config(), "c2");
        _plugin.Del(Invocation(Config(), "c1", command: CniCommand.Del));
        AddressOf(Add(Config(), "c3")).Should().Be("10.0.0.4/24");
    }

    [Fact]
    public void The_cursor_is_rewritten_in_place_like_the_reference_does_not_replaced_by_a_new_file()
    {
        var cursor = Path.Combine(_data.Network(), "last_reserved_ip.0");
        Add(Config(), "c1");
        var inode = Inode(cursor);

        Add(Config(), "c2");

        File.ReadAllText(cursor).Should().Be("10.0.0.3");
        Inode(cursor).Should().Be(inode, "an ADD allocates no new inode for the cursor");
    }

    private static string Inode(string path) => Command.Sh($"stat -c %i {path}").Trim();

    [Fact]
    public void Wraps_around_to_the_range_start_after_the_end()
    {
        var config = Config(more: ""","rangeStart":"10.0.0.10","rangeEnd":"10.0.0.12" """);
        Add(config, "c1");
        Add(config, "c2");
        _plugin.Del(Invocation(config, "c1", command: CniCommand.Del));
        AddressOf(Add(config, "c3")).Should().Be("10.0.0.12/24");
        AddressOf(Add(config, "c4")).Should().Be("10.0.0.10/24");
    }

    [Fact]
    public void An_exhausted_pool_is_error_101_naming_the_range_and_changes_nothing()
    {
        var config = Config(more: ""","rangeStart":"10.0.0.2","rangeEnd":"10.0.0.2" """);
        Add(config, "c1");
        var before = _data.LeaseNames();
        var act = () => Add(config, "c2");
        var error = act.Should().Throw<CniException>().Which;
        error.Code.Should().Be(CniErrorCode.PoolExhausted);
        error.Message.Should().Be("no IP addresses available in range set: 10.0.0.2-10.0.0.2");
        _data.LeaseNames().Should().Equal(before);
        File.ReadAllText(Path.Combine(_data.Network(), "last_reserved_ip.0")).Should().Be("10.0.0.2");
    }

    [Fact]
    public void Dual_stack_gets_one_address_per_range_set_and_a_failing_second_set_keeps_nothing()
    {
        var ipam = $$"""{"type":"host-local","dataDir":"{{_data.Path}}","ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/126"}]]}""";
        var result = Add(Net(ipam), "c1");
        result.Ips!.Select(i => i.Address).Should().Equal("10.0.0.2/24", "fd00::2/126");
        result.Ips![1].Gateway.Should().Be("fd00::1");
        Add(Net(ipam), "c2").Ips!.Select(i => i.Address).Should().Equal("10.0.0.3/24", "fd00::3/126");

        var act = () => Add(Net(ipam), "c3");
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.PoolExhausted);
        _data.LeaseNames().Should().BeEquivalentTo("10.0.0.2", "10.0.0.3", "fd00::2", "fd00::3");
    }

    [Fact]
    public void A_second_add_for_the_same_attachment_is_refused_as_duplicate()
    {
        Add(Config(), "c1");
        var act = () => Add(Config(), "c1");
        act.Should().Throw<CniException>().WithMessage("*duplicate allocation is not allowed*");
        _data.LeaseNames().Should().Equal("10.0.0.2");
    }

    [Fact]
    public void The_same_container_may_hold_one_address_per_interface()
    {
        Add(Config(), "c1", "eth0");
        AddressOf(Add(Config(), "c1", "eth1")).Should().Be("10.0.0.3/24");
        _plugin.Del(Invocation(Config(), "c1", "eth0", command: CniCommand.Del));
        _data.LeaseNames().Should().Equal("10.0.0.3");
    }

    [Fact]
    public void Routes_and_resolv_conf_are_returned()
    {
        var resolv = Path.Combine(_data.Path, "resolv.conf");
        File.WriteAllText(resolv, "# c\nnameserver 10.32.0.10\nsearch a.local b.local\noptions ndots:5\ndomain x.local\n");
        var ipam = $$"""{"type":"host-local","dataDir":"{{_data.Path}}","subnet":"10.0.0.0/24","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.9.0.0/16","gw":"10.0.0.254"}],"resolvConf":"{{resolv}}"}""";
        var result = Add(Net(ipam), "c1");
        result.Routes!.Select(r => (r.Dst, r.Gw)).Should().Equal(("0.0.0.0/0", null), ("10.9.0.0/16", "10.0.0.254"));
        result.Dns.Nameservers.Should().Equal("10.32.0.10");
        result.Dns.Search.Should().Equal("a.local", "b.local");
        result.Dns.Options.Should().Equal("ndots:5");
        result.Dns.Domain.Should().Be("x.local");
    }

    [Fact]
    public void Del_is_idempotent_and_succeeds_for_unknown_containers_and_missing_networks()
    {
        Add(Config(), "c1");
        _plugin.Del(Invocation(Config(), "c1", command: CniCommand.Del));
        _plugin.Del(Invocation(Config(), "c1", command: CniCommand.Del));
        _plugin.Del(Invocation(Config(), "never", command: CniCommand.Del));
        _plugin.Del(Invocation(Net(Subnet("10.0.0.0/24", _data.Path), name: "othernet"), "c1", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
        Directory.Exists(_data.Network("othernet")).Should().BeFalse();
    }

    [Fact]
    public void Del_works_even_when_the_ranges_are_no_longer_valid()
    {
        Add(Config(), "c1");
        _plugin.Del(Invocation(Net($$"""{"type":"host-local","dataDir":"{{_data.Path}}","subnet":"10.0.0.1/24"}"""), "c1", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
    }

    [Fact]
    public void Check_passes_for_the_holder_and_fails_for_others()
    {
        Add(Config(), "c1");
        _plugin.Check(Invocation(Config(), "c1", command: CniCommand.Check));
        var act = () => _plugin.Check(Invocation(Config(), "c2", command: CniCommand.Check));
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.CheckFailed);
    }

    [Fact]
    public void Leased_addresses_lists_what_the_attachment_holds()
    {
        Add(Config(), "c1");
        Add(Config(), "c2");
        _plugin.LeasedAddresses(Invocation(Config(), "c2", command: CniCommand.Del)).Select(a => a.ToString()).Should().Equal("10.0.0.3");
        _plugin.LeasedAddresses(Invocation(Config(), "nobody", command: CniCommand.Del)).Should().BeEmpty();
    }

    [Fact]
    public void Gc_releases_leases_not_in_valid_attachments()
    {
        Add(Config(), "keep");
        Add(Config(), "drop");
        Add(Config(), "legacykeep");
        var gc = Config(extra: ""","cni.dev/valid-attachments":[{"containerID":"keep","ifname":"eth0"}],"cni.dev/attachments":[{"containerID":"legacykeep","ifname":"eth0"}]""");
        _plugin.Gc(Invocation(gc, id: string.Empty, ifName: string.Empty, command: CniCommand.Gc));
        _data.LeaseNames().Should().Equal("10.0.0.2");

        var legacyOnly = Config(extra: ""","cni.dev/attachments":[{"containerID":"keep","ifname":"eth0"}]""");
        _plugin.Gc(Invocation(legacyOnly, id: string.Empty, ifName: string.Empty, command: CniCommand.Gc));
        _data.LeaseNames().Should().Equal("10.0.0.2");
    }

    [Fact]
    public void Gc_without_an_attachment_list_keeps_current_leases()
    {
        Add(Config(), "c1");
        _plugin.Gc(Invocation(Config(), id: string.Empty, ifName: string.Empty, command: CniCommand.Gc));
        _data.LeaseNames().Should().Equal("10.0.0.2");
    }

    [Fact]
    public void Status_is_code_50_when_the_pool_is_exhausted()
    {
        var config = Config(more: ""","rangeStart":"10.0.0.2","rangeEnd":"10.0.0.3" """);
        _plugin.Status(Invocation(config, command: CniCommand.Status));
        Add(config, "c1");
        _plugin.Status(Invocation(config, command: CniCommand.Status));
        Add(config, "c2");
        var act = () => _plugin.Status(Invocation(config, command: CniCommand.Status));
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.NotAvailable);
    }

    [Fact]
    public void Status_is_code_50_when_the_data_dir_is_unusable()
    {
        var file = Path.Combine(_data.Path, "not-a-dir");
        File.WriteAllText(file, "x");
        var act = () => _plugin.Status(Invocation(Net(Subnet("10.0.0.0/24", file)), command: CniCommand.Status));
        act.Should().Throw<CniException>().Which.Code.Should().Be(CniErrorCode.NotAvailable);
    }
}
