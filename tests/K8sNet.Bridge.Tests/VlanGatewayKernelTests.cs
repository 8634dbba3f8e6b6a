using K8sNet.Bridge.Config;
using K8sNet.Bridge.Kernel;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Testing;

namespace K8sNet.Bridge.Tests;

/// <summary>
/// The VLAN gateway interface against the real kernel, in a throwaway namespace (the work runs on a thread inside it,
/// so its sysctl writes land there too). Where the kernel has no bridge VLAN filtering, the pair it made is deleted
/// again; where it has, the gateway interface is wired and reused.
/// </summary>
[Trait("Category", "RequiresRoot")]
public sealed class VlanGatewayKernelTests
{
    private static readonly BridgeConf Conf = new() { Bridge = "br0", IsGateway = true, Vlan = 100 };

    [RequiresFact(Requirements.NoBridgeVlanFiltering)]
    public void When_the_kernel_refuses_the_port_vlan_the_new_pair_is_deleted_again()
    {
        using var node = TestNetNs.Create("vgw");
        using var netns = NetNs.Open(node.Path);

        var failure = NetNsRunner.Run(netns, () =>
        {
            using var rtnl = RouteNetlink.Open();
            var bridge = rtnl.CreateBridge("br0");
            try
            {
                VlanGateway.Ensure(rtnl, bridge, Conf);
                return null;
            }
            catch (ErrnoException ex)
            {
                return ex;
            }
        });

        failure.Should().NotBeNull().And.Match<ErrnoException>(ex => ex.Errno == Errno.EOPNOTSUPP);
        node.Exec("ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().BeEquivalentTo(["lo", "br0"], "neither br0.100 nor its bridge-side end is left");
    }

    [RequiresFact(Requirements.BridgeVlanFiltering)]
    public void The_gateway_interface_is_a_veth_whose_peer_is_a_port_in_the_vlan_and_a_second_call_reuses_it()
    {
        using var node = TestNetNs.Create("vgw");
        using var netns = NetNs.Open(node.Path);

        var (first, second) = NetNsRunner.Run(netns, () =>
        {
            using var rtnl = RouteNetlink.Open();
            var bridge = rtnl.CreateBridge("br0", vlanFiltering: true);
            return (VlanGateway.Ensure(rtnl, bridge, Conf), VlanGateway.Ensure(rtnl, bridge, Conf));
        });

        first.Name.Should().Be("br0.100");
        second.Index.Should().Be(first.Index);
        node.Exec("ip -o link show br0.100").Should().MatchRegex(@"[<,]UP[,>]");
        node.Exec("bridge -c vlan show").Should().MatchRegex(@"\b100 PVID Egress Untagged");
    }
}
