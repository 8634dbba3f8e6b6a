using K8sNet.Testing;

namespace K8sNet.E2E.Tests;

/// <summary>DEL undoes everything, also when half of it is gone; CHECK proves the attachment is in place.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class BridgeDelCheckTests : IDisposable
{
    private readonly CniNode _node = new();

    [RootFact]
    public void Check_passes_after_add_fails_once_the_pod_address_is_gone_and_del_twice_cleans_up()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig(version: "1.0.0");
        var add = _node.Add(pod, "checked", config);
        var address = Json.Parse(add.Stdout).GetProperty("ips")[0].GetProperty("address").GetString()!;

        var healthy = _node.Check(pod, "checked", config, add.Stdout);
        healthy.ExitCode.Should().Be(0, healthy.Stdout);
        healthy.Stdout.Should().BeEmpty("CHECK prints nothing on success");

        pod.Exec($"ip addr del {address} dev eth0");
        var broken = _node.Check(pod, "checked", config, add.Stdout);
        broken.ExitCode.Should().NotBe(0);
        Json.Parse(broken.Stdout).GetProperty("msg").GetString().Should().Contain(address);

        _node.Del(pod.Path, "checked", config).ExitCode.Should().Be(0);
        _node.Del(pod.Path, "checked", config).ExitCode.Should().Be(0, "a repeated DEL succeeds");
        AssertNothingLeftFor("checked");
        pod.TryExec("ip link show eth0").ExitCode.Should().NotBe(0);
    }

    [RootFact]
    public void Check_finds_a_deleted_masquerade_jump_which_the_reference_does_not_check()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig(version: "1.0.0", masqBackend: "iptables");
        var add = _node.Add(pod, "masq-check", config);
        var ip = BridgeAddTests.PodAddress(add);

        _node.Node.Exec($"iptables -t nat -D POSTROUTING -s {ip}/32 -m comment --comment 'name: \"bridge\" id: \"masq-check\"' -j {NatChains.Name("bridge", "masq-check")}");
        var check = _node.Check(pod, "masq-check", config, add.Stdout);

        check.ExitCode.Should().NotBe(0);
        Json.Parse(check.Stdout).GetProperty("code").GetInt32().Should().Be(104);
    }

    [RootFact]
    public void Check_finds_a_flushed_nftables_masquerade_rule_and_add_restores_it()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig(version: "1.0.0");
        var add = _node.Add(pod, "nft-check", config);
        BridgeAddTests.PodAddress(add);

        _node.Node.Exec("nft delete table ip k8snet");
        var check = _node.Check(pod, "nft-check", config, add.Stdout);

        check.ExitCode.Should().NotBe(0);
        Json.Parse(check.Stdout).GetProperty("code").GetInt32().Should().Be(104);
        BridgeAddTests.PodAddress(_node.Add(_node.NewPod(), "nft-restore", config));
        _node.Check(pod, "nft-check", config, add.Stdout).ExitCode.Should().Be(0, "the next ADD put the network's rule back");
    }

    [RootFact]
    public void The_network_rule_stays_while_pods_remain_and_goes_with_the_last_one()
    {
        var config = _node.SeedConfig();
        BridgeAddTests.PodAddress(_node.Add(_node.NewPod(), "first", config));
        var second = _node.NewPod();
        BridgeAddTests.PodAddress(_node.Add(second, "second", config));

        _node.Del(string.Empty, "first", config).ExitCode.Should().Be(0);
        _node.NftRuleset().Should().Contain("masquerade", "a pod of the network is still there");

        _node.Del(second.Path, "second", config).ExitCode.Should().Be(0);
        _node.NftRuleset().Should().NotContain("masquerade").And.NotContain("10.200.0.0/24");
    }

    [RootFact]
    public void Check_on_a_0_3_1_config_is_refused_with_code_1()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        var add = _node.Add(pod, "old-check", config);

        var check = _node.Check(pod, "old-check", config, add.Stdout);

        Json.Parse(check.Stdout).GetProperty("code").GetInt32().Should().Be(1);
    }

    [RootFact]
    public void Del_with_empty_netns_removes_lease_and_nat_rules()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        BridgeAddTests.PodAddress(_node.Add(pod, "no-netns", config));

        var del = _node.Del(string.Empty, "no-netns", config);

        del.ExitCode.Should().Be(0, del.Stdout);
        _node.Leases().Should().BeEmpty();
        _node.Node.Exec("iptables-save -t nat").Should().NotContain(NatChains.Name("bridge", "no-netns"));
    }

    [RootFact]
    public void Del_after_the_netns_is_deleted_leaves_no_lease_veth_or_rule()
    {
        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        BridgeAddTests.PodAddress(_node.Add(pod, "netns-gone", config));
        var path = pod.Path;
        pod.Dispose();

        var del = _node.Del(path, "netns-gone", config);

        del.ExitCode.Should().Be(0, del.Stdout);
        AssertNothingLeftFor("netns-gone");
    }

    [RootFact]
    public void Del_of_a_pod_that_was_never_added_succeeds()
    {
        var del = _node.Del("/run/netns/k8snet-never-existed", "never-added", _node.SeedConfig());

        del.ExitCode.Should().Be(0, del.Stdout);
        del.Stdout.Should().BeEmpty();
    }

    [RootFact]
    public void A_pod_added_by_the_reference_plugin_is_deleted_cleanly_by_k8snet()
    {
        if (!File.Exists("/usr/lib/cni/bridge"))
        {
            return; // scripts/deps.sh installs containernetworking-plugins; without it there is nothing to compare.
        }

        var pod = _node.NewPod();
        var config = _node.SeedConfig();
        var add = _node.Add(pod, "from-reference", config, binary: "/usr/lib/cni/bridge");
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        _node.Leases().Should().HaveCount(1);
        _node.Node.Exec("iptables-save -t nat").Should().Contain(NatChains.Name("bridge", "from-reference"));

        var del = _node.Del(pod.Path, "from-reference", config);

        del.ExitCode.Should().Be(0, del.Stdout);
        AssertNothingLeftFor("from-reference");
        pod.TryExec("ip link show eth0").ExitCode.Should().NotBe(0);
    }

    [RootFact]
    public void A_very_long_container_id_is_added_checked_and_deleted()
    {
        // Over 200 characters the lease index names its file by a hash of the ID: that path must work in the
        // published binary too (the platform SHA-256 loads OpenSSL with dlopen, which a static executable cannot do).
        var containerId = new string('c', 230);
        var pod = _node.NewPod();
        var config = _node.SeedConfig(version: "1.0.0");

        var add = _node.Add(pod, containerId, config);
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        _node.Leases().Should().ContainSingle();
        var check = _node.Check(pod, containerId, config, add.Stdout);
        check.ExitCode.Should().Be(0, check.Stdout + check.Stderr);

        var del = _node.Del(pod.Path, containerId, config);
        del.ExitCode.Should().Be(0, del.Stdout + del.Stderr);
        AssertNothingLeftFor(containerId);
    }

    [RootFact]
    public void After_del_no_file_under_the_data_dir_names_the_container_as_the_reference_walks_it()
    {
        var config = _node.SeedConfig(version: "1.0.0");
        var (gone, stays, next) = (_node.NewPod(), _node.NewPod(), _node.NewPod());
        const string goneId = "3f9a0c41e2b7d5a8c6f1e0b9a7d3c2e1f4b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9";
        _node.Add(gone, goneId, config).ExitCode.Should().Be(0);
        _node.Add(stays, "stays", config).ExitCode.Should().Be(0);

        _node.Del(gone.Path, goneId, config).ExitCode.Should().Be(0);

        // The reference's host-local (disk.Store) walks the whole dataDir, sub-directories included, and compares each
        // file's content with "id\r\nifname": no file may still hold the deleted container's id.
        var files = Directory.GetFiles(_node.DataDir, "*", SearchOption.AllDirectories);
        files.Should().Contain(f => f.Contains("/.k8snet/spare/", StringComparison.Ordinal), "the released files are kept as spares");
        files.Where(f => File.ReadAllText(f).Contains(goneId, StringComparison.Ordinal)).Should().BeEmpty();
        files.Where(f => File.ReadAllText(f).Contains("stays", StringComparison.Ordinal)).Should().NotBeEmpty("the running pod's lease is kept");
        _node.Add(next, "next", config).ExitCode.Should().Be(0, "a spare is reused for the next pod");
        _node.Leases().Should().HaveCount(2);
    }

    private void AssertNothingLeftFor(string containerId)
    {
        _node.Leases().Should().BeEmpty();
        _node.Veths().Should().BeEmpty();
        _node.Node.Exec("iptables-save -t nat").Should().NotContain(NatChains.Name("bridge", containerId)).And.NotContain(containerId);
        _node.NftRuleset().Should().NotContain("masquerade", "the last pod took the network's rule with it");
    }

    public void Dispose() => _node.Dispose();
}
