using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Nftables;
using K8sNet.Testing;

namespace K8sNet.Masquerade.Tests;

/// <summary>The netlink backend against the kernel, each test in its own netns (socket opened inside it).</summary>
[Trait("Category", "RequiresRoot")]
public sealed class NftablesIntegrationTests
{
    private const string Chain4 = "masq-bridge-10.200.0.0_24";

    [RootFact]
    public void Setup_writes_one_masquerade_rule_per_subnet_visible_to_nft()
    {
        using var ns = TestNetNs.Create("nft");
        using var backend = Backend(ns);

        backend.Value.Setup(Golden.DocExample("10.200.0.2/24", "fd10::2/64"));

        ns.Exec($"nft list chain ip k8snet {Chain4}").Should().Contain("type nat hook postrouting priority srcnat; policy accept;")
            .And.Contain("ip saddr 10.200.0.0/24 ip daddr != 10.200.0.0/24 ip daddr != 224.0.0.0/4 counter packets 0 bytes 0 masquerade comment \"k8snet ipMasq network bridge subnet 10.200.0.0/24\"");
        ns.Exec("nft list chain ip6 k8snet masq-bridge-fd10.._64").Should()
            .Contain("ip6 saddr fd10::/64 ip6 daddr != fd10::/64 ip6 daddr != ff00::/8 counter packets 0 bytes 0 masquerade");
    }

    [RootFact]
    public void Setup_for_many_pods_of_a_network_keeps_a_single_rule_and_check_passes()
    {
        using var ns = TestNetNs.Create("nft");
        using var backend = Backend(ns);

        for (var pod = 2; pod < 6; pod++)
        {
            backend.Value.Setup(new MasqueradeTarget("bridge", $"pod{pod}", "eth0", [MasqueradeAddress.Parse($"10.200.0.{pod}/24")]));
        }

        RuleCount(ns, Chain4).Should().Be(1);
        backend.Value.Invoking(b => b.Check(Golden.DocExample())).Should().NotThrow();
    }

    [RootFact]
    public void Check_fails_after_someone_flushes_the_chain_and_setup_restores_it()
    {
        using var ns = TestNetNs.Create("nft");
        using var backend = Backend(ns);
        backend.Value.Setup(Golden.DocExample());

        ns.Exec($"nft flush chain ip k8snet {Chain4}");
        backend.Value.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>()
            .WithMessage($"masquerade rule missing: nft list chain ip k8snet {Chain4}*");
        ns.Exec("nft delete table ip k8snet");
        backend.Value.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>();

        backend.Value.Setup(Golden.DocExample());
        backend.Value.Invoking(b => b.Check(Golden.DocExample())).Should().NotThrow();
        RuleCount(ns, Chain4).Should().Be(1);
    }

    [RootFact]
    public void Teardown_removes_the_per_pod_iptables_chain_of_the_reference_and_keeps_the_network_rule()
    {
        using var ns = TestNetNs.Create("nft");
        var runner = new NetNsRunner(ns.Name);
        using var backend = Backend(ns, runner);
        new IptablesMasqueradeBackend(runner).Setup(Golden.DocExample());
        backend.Value.Setup(Golden.DocExample());

        backend.Value.Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));

        NatTable.CniLines(ns).Should().BeEmpty();
        RuleCount(ns, Chain4).Should().Be(1);
    }

    [RootFact]
    public void Teardown_without_iptables_leftovers_runs_no_program()
    {
        using var ns = TestNetNs.Create("nft");
        var runner = new NetNsRunner(ns.Name);
        using var backend = Backend(ns, runner);
        backend.Value.Setup(Golden.DocExample());

        backend.Value.Teardown(new MasqueradeTarget("bridge", "abc123", "eth0"));
        backend.Value.Teardown(Golden.DocExample());

        runner.Runs.Should().Be(0);
    }

    [RootFact]
    public void Concurrent_setups_from_separate_sockets_leave_exactly_one_rule()
    {
        using var ns = TestNetNs.Create("nft");
        var backends = Enumerable.Range(0, 16).Select(_ => Backend(ns)).ToList();
        try
        {
            Parallel.For(0, backends.Count, i => backends[i].Value.Setup(
                new MasqueradeTarget("bridge", $"pod{i}", "eth0", [MasqueradeAddress.Parse($"10.200.0.{i + 2}/24")])));
        }
        finally
        {
            backends.ForEach(b => b.Dispose());
        }

        RuleCount(ns, Chain4).Should().Be(1);
    }

    [RootFact]
    public void Remove_network_deletes_only_that_networks_chains_and_a_repeat_is_fine()
    {
        using var ns = TestNetNs.Create("nft");
        using var backend = Backend(ns);
        backend.Value.Setup(Golden.DocExample("10.200.0.2/24", "fd10::2/64"));
        backend.Value.Setup(new MasqueradeTarget("other", "x", "eth0", [MasqueradeAddress.Parse("10.201.0.2/24")]));

        backend.Value.RemoveNetwork("bridge");
        backend.Value.RemoveNetwork("bridge");

        var ruleset = ns.Exec("nft list ruleset");
        ruleset.Should().NotContain("masq-bridge-").And.Contain("masq-other-10.201.0.0_24");
        backend.Value.Invoking(b => b.Check(Golden.DocExample())).Should().Throw<MasqueradeException>();
    }

    private static int RuleCount(TestNetNs ns, string chain) =>
        ns.Exec($"nft list chain ip k8snet {chain}").Split('\n').Count(l => l.Contains(" masquerade", StringComparison.Ordinal));

    /// <summary>The backend with its socket opened inside the test namespace; disposing closes the socket.</summary>
    internal static Owned Backend(TestNetNs ns, NetNsRunner? runner = null)
    {
        using var netns = NetNs.Open(ns.Path);
        var socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER, netns);
        var legacy = new IptablesMasqueradeBackend(runner ?? new NetNsRunner(ns.Name));
        return new Owned(new NftablesNetlinkBackend(socket, legacy, _ => false), socket);
    }

    internal sealed class Owned(NftablesNetlinkBackend value, NetlinkSocket socket) : IDisposable
    {
        public NftablesNetlinkBackend Value { get; } = value;

        public void Dispose() => socket.Dispose();
    }
}
