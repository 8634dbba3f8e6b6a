using K8sNet.Masquerade.Iptables;
using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>The backend against the real iptables (Debian's default, nf_tables), each test in its own netns.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class IptablesIntegrationTests
{
    [RootFact]
    public void Setup_installs_exactly_the_rules_the_reference_plugin_installs()
    {
        using var ns = TestNetNs.Create("masq");
        var runner = new NetNsRunner(ns.Name);

        new IptablesMasqueradeBackend(runner).Setup(Golden.DocExample());

        NatTable.CniLines(ns).Should().Equal(NatTable.GoldenLines("reference-save-v4.txt"));
        runner.Runs.Should().Be(1);
    }

    [RootFact]
    public void Setup_twice_leaves_a_single_copy_of_every_rule()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));

        backend.Setup(Golden.DocExample());
        backend.Setup(Golden.DocExample());

        NatTable.CniLines(ns).Should().Equal(NatTable.GoldenLines("reference-save-v4.txt"));
    }

    [RootFact]
    public void Dual_stack_setup_writes_the_IPv6_rules_with_ip6tables()
    {
        using var ns = TestNetNs.Create("masq");

        new IptablesMasqueradeBackend(new NetNsRunner(ns.Name)).Setup(Golden.DocExample("10.200.0.2/24", "fd10::2/64"));

        NatTable.CniLines(ns).Should().HaveCount(4);
        NatTable.CniLines(ns, "ip6tables-save").Should().Equal(
            $":{Golden.DocChain} - [0:0]",
            $"-A POSTROUTING -s fd10::2/128 -m comment --comment \"name: \\\"bridge\\\" id: \\\"abc123\\\"\" -j {Golden.DocChain}",
            $"-A {Golden.DocChain} -d fd10::/64 -m comment --comment \"name: \\\"bridge\\\" id: \\\"abc123\\\"\" -j ACCEPT",
            $"-A {Golden.DocChain} ! -d ff00::/8 -m comment --comment \"name: \\\"bridge\\\" id: \\\"abc123\\\"\" -j MASQUERADE");
    }

    [RootFact]
    public void Teardown_with_addresses_leaves_nothing_in_one_exec_and_a_repeat_succeeds()
    {
        using var ns = TestNetNs.Create("masq");
        var runner = new NetNsRunner(ns.Name);
        var backend = new IptablesMasqueradeBackend(runner);
        backend.Setup(Golden.DocExample());
        var before = runner.Runs;

        backend.Teardown(Golden.DocExample());

        (runner.Runs - before).Should().Be(1);
        NatTable.CniLines(ns).Should().BeEmpty();
        backend.Invoking(b => b.Teardown(Golden.DocExample())).Should().NotThrow();
        NatTable.CniLines(ns).Should().BeEmpty();
    }

    [RootFact]
    public void Teardown_without_addresses_finds_the_rules_from_network_and_container()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        backend.Setup(Golden.DocExample("10.200.0.2/24", "fd10::2/64"));

        backend.Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));
        backend.Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        NatTable.CniLines(ns).Should().BeEmpty();
        NatTable.CniLines(ns, "ip6tables-save").Should().BeEmpty();
    }

    [RootFact]
    public void Teardown_leaves_other_pods_and_foreign_rules_alone()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        var other = new MasqueradeTarget("bridge", "other", "eth0", [MasqueradeAddress.Parse("10.200.0.3/24")]);
        backend.Setup(Golden.DocExample());
        backend.Setup(other);
        ns.Exec("iptables -w -t nat -A POSTROUTING -s 10.9.0.0/16 -j MASQUERADE");

        backend.Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        var chain = MasqueradeNaming.ChainName("bridge", "other");
        NatTable.CniLines(ns).Should().HaveCount(4).And.OnlyContain(l => l.Contains(chain));
        ns.Exec("iptables -w -t nat -S POSTROUTING").Should().Contain("-A POSTROUTING -s 10.9.0.0/16 -j MASQUERADE");
    }

    [RootFact]
    public void Teardown_removes_duplicate_and_legacy_prefix_jumps()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        backend.Setup(Golden.DocExample());
        var comment = "-m comment --comment 'name: \"bridge\" id: \"abc123\"'";
        ns.Exec($"iptables -w -t nat -A POSTROUTING -s 10.200.0.2/32 {comment} -j {Golden.DocChain}");
        ns.Exec($"iptables -w -t nat -A POSTROUTING -s 10.200.0.2/24 {comment} -j {Golden.DocChain}");

        backend.Teardown(Golden.DocExample());

        NatTable.CniLines(ns).Should().BeEmpty();
    }

    [RootFact]
    public void Check_passes_after_setup_and_names_a_deleted_POSTROUTING_jump()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        backend.Setup(Golden.DocExample());
        backend.Invoking(b => b.Check(Golden.DocExample())).Should().NotThrow();

        ns.Exec("iptables -w -t nat -D POSTROUTING 1");

        backend.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>()
            .WithMessage($"masquerade rule missing: iptables -t nat -A POSTROUTING -s 10.200.0.2/32 *-j {Golden.DocChain}");
    }

    [RootFact]
    public void Check_names_a_deleted_chain_rule_and_a_missing_chain()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        backend.Setup(Golden.DocExample());

        ns.Exec($"iptables -w -t nat -D {Golden.DocChain} 2");
        backend.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>()
            .WithMessage("masquerade rule missing: *! -d 224.0.0.0/4 *-j MASQUERADE");

        backend.Teardown(Golden.DocExample());
        backend.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>()
            .WithMessage($"*{Golden.DocChain}*");
    }

    [RootFact]
    public void Concurrent_setups_and_teardowns_of_different_pods_do_not_disturb_each_other()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        MasqueradeTarget Pod(int i) => new("bridge", $"pod{i}", "eth0", [MasqueradeAddress.Parse($"10.200.0.{i + 2}/24")]);

        Parallel.For(0, 12, i => backend.Setup(Pod(i)));
        NatTable.CniLines(ns).Should().HaveCount(12 * 4);
        Parallel.For(0, 12, i => backend.Teardown(Pod(i)));

        NatTable.CniLines(ns).Should().BeEmpty();
    }

    [RootFact]
    public void Setup_repairs_a_pod_whose_jump_was_deleted()
    {
        using var ns = TestNetNs.Create("masq");
        var backend = new IptablesMasqueradeBackend(new NetNsRunner(ns.Name));
        backend.Setup(Golden.DocExample());
        ns.Exec("iptables -w -t nat -D POSTROUTING 1");

        backend.Setup(Golden.DocExample());

        NatTable.CniLines(ns).Should().Equal(NatTable.GoldenLines("reference-save-v4.txt"));
    }
}
