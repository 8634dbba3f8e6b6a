using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Testing;

namespace K8sNet.Linux.Tests;

/// <summary>Opening namespaces, working inside them, and never leaving the caller in the wrong one.</summary>
[Trait("Category", "RequiresRoot")]
public sealed class NamespaceIntegrationTests
{
    [RootFact]
    public void A_regular_file_is_refused_as_not_a_network_namespace()
    {
        var file = Path.GetTempFileName();
        try
        {
            var act = () => NetNs.Open(file);
            act.Should().Throw<ArgumentException>().WithMessage($"{file} is not a network namespace*");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [RootFact]
    public void A_pid_namespace_is_refused_naming_its_kind()
    {
        var act = () => NetNs.Open("/proc/self/ns/pid");
        act.Should().Throw<ArgumentException>().WithMessage("/proc/self/ns/pid is not a network namespace (it is a pid namespace)*");
    }

    [RootFact]
    public void A_missing_path_is_ENOENT_naming_the_path()
    {
        var act = () => NetNs.Open("/run/netns/k8t-does-not-exist");
        act.Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.ENOENT)
            .WithMessage("open netns /run/netns/k8t-does-not-exist: ENOENT*");
    }

    [RootFact]
    public void Opening_a_socket_inside_a_netns_leaves_the_calling_thread_where_it_was()
    {
        using var pod = TestNetNs.Create("stay");
        var before = ThreadNetNs();

        using (var netns = NetNs.Open(pod.Path))
        using (var rtnl = RouteNetlink.Open(netns))
        {
            rtnl.CreateBridge("probe0");
            ThreadNetNs().Should().Be(before);
        }

        ThreadNetNs().Should().Be(before);
        pod.Exec("ip link show probe0").Should().Contain("probe0");
        Command.Sh("ip link show").Should().NotContain("probe0", "the bridge went to the pod, not the root namespace");
    }

    [RootFact]
    public void Work_run_in_a_netns_sees_that_netns_and_its_sysctls()
    {
        using var pod = TestNetNs.Create("sysctl");
        pod.Exec("ip link add eth0 type veth peer name peer0");
        using var netns = NetNs.Open(pod.Path);
        var rootValue = Sysctl.Read("net.ipv4.ip_forward");

        var inside = NetNsRunner.Run(netns, () =>
        {
            Sysctl.Write("net.ipv4.conf.eth0.arp_notify", "1");
            Sysctl.Write("net.ipv4.ip_forward", rootValue == "1" ? "0" : "1");
            return Sysctl.Read("net.ipv4.conf.eth0.arp_notify");
        });

        inside.Should().Be("1");
        pod.Exec("sysctl -n net.ipv4.conf.eth0.arp_notify").Trim().Should().Be("1");
        Sysctl.Read("net.ipv4.ip_forward").Should().Be(rootValue, "the root namespace's sysctl is untouched");
        pod.Exec("sysctl -n net.ipv4.ip_forward").Trim().Should().NotBe(rootValue);
    }

    [RootFact]
    public void Try_write_sets_a_key_that_exists_and_says_false_for_one_that_does_not()
    {
        using var pod = TestNetNs.Create("trywr");
        pod.Exec("ip link add eth0 type veth peer name peer0");
        using var netns = NetNs.Open(pod.Path);

        var (present, missing) = NetNsRunner.Run(netns, () =>
            (Sysctl.TryWrite("net.ipv4.conf.eth0.arp_notify", "1"), Sysctl.TryWrite("net.ipv4.conf.nosuch0.arp_notify", "1")));

        present.Should().BeTrue();
        missing.Should().BeFalse();
        pod.Exec("sysctl -n net.ipv4.conf.eth0.arp_notify").Trim().Should().Be("1");
        var refused = () => NetNsRunner.Run(netns, () => Sysctl.TryWrite("net.ipv4.conf.eth0.arp_notify", "x"));
        refused.Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.EINVAL, "only a missing key is not an error");
    }

    [RootFact]
    public void A_failure_inside_the_netns_reaches_the_caller_with_its_errno()
    {
        using var pod = TestNetNs.Create("fail");
        using var netns = NetNs.Open(pod.Path);

        var act = () => NetNsRunner.Run(netns, () => Sysctl.Write("net.ipv4.conf.nosuch0.arp_notify", "1"));

        act.Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.ENOENT)
            .WithMessage("write sysctl /proc/sys/net/ipv4/conf/nosuch0/arp_notify: ENOENT*");
    }

    private static string ThreadNetNs() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}
