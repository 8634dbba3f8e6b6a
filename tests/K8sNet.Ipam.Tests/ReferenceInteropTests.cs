using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

/// <summary>K8sNet and /usr/lib/cni/host-local share one data dir: each honours and releases the other's leases.</summary>
public sealed class ReferenceInteropTests : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly HostLocalPlugin _plugin = new();

    public void Dispose() => _data.Dispose();

    private string Config(string subnet = "10.0.0.0/24", string more = "") =>
        Net(Subnet(subnet, _data.Path, more)).Replace("\"1.0.0\"", "\"0.4.0\"", StringComparison.Ordinal);

    [ReferenceFact]
    public void A_lease_made_by_the_reference_is_honoured_and_released_by_k8snet()
    {
        ReferenceHostLocal.Run("ADD", Config(), "refc").EnsureSuccess("reference ADD");
        AddressOf(_plugin.Add(Invocation(Config(), "ours"))).Should().Be("10.0.0.3/24");
        _plugin.LeasedAddresses(Invocation(Config(), "refc")).Select(a => a.ToString()).Should().Equal("10.0.0.2");
        _plugin.Check(Invocation(Config(), "refc", command: CniCommand.Check));

        _plugin.Del(Invocation(Config(), "refc", command: CniCommand.Del));
        _data.LeaseNames().Should().Equal("10.0.0.3");
    }

    [ReferenceFact]
    public void A_lease_made_by_k8snet_is_honoured_and_released_by_the_reference()
    {
        _plugin.Add(Invocation(Config(), "ours"));
        var reference = ReferenceHostLocal.Run("ADD", Config(), "refc").EnsureSuccess("reference ADD");
        reference.Stdout.Should().Contain("10.0.0.3/24");
        ReferenceHostLocal.Run("CHECK", Config(), "ours").EnsureSuccess("reference CHECK");

        ReferenceHostLocal.Run("DEL", Config(), "ours").EnsureSuccess("reference DEL");
        _data.LeaseNames().Should().Equal("10.0.0.3");
        _plugin.LeasedAddresses(Invocation(Config(), "ours")).Should().BeEmpty();
        // Our index files survive the reference's whole-tree walk: they never look like a lease.
        _plugin.Del(Invocation(Config(), "refc", command: CniCommand.Del));
        _data.LeaseNames().Should().BeEmpty();
    }

    [ReferenceFact]
    public void The_reference_continues_round_robin_after_the_address_k8snet_reserved_last()
    {
        _plugin.Add(Invocation(Config(), "ours", cniArgs: "IP=10.0.0.40"));
        ReferenceHostLocal.Run("ADD", Config(), "refc").EnsureSuccess("reference ADD").Stdout.Should().Contain("10.0.0.41/24");
        AddressOf(_plugin.Add(Invocation(Config(), "ours2"))).Should().Be("10.0.0.42/24");
    }

    [ReferenceFact]
    public void The_reference_and_k8snet_allocating_at_once_never_share_an_address()
    {
        const int each = 40;
        var ours = new List<string>();
        var theirs = new List<string>();
        var threads = Enumerable.Range(0, each).Select(i => new Thread(() =>
        {
            var address = AddressOf(_plugin.Add(Invocation(Config(), $"k{i}")));
            lock (ours)
            {
                ours.Add(address);
            }
        })).ToList();
        // Dedicated threads, not the thread pool: each waits on a child process.
        var processes = Enumerable.Range(0, each).Select(i => new Thread(() =>
        {
            var stdout = ReferenceHostLocal.Run("ADD", Config(), $"r{i}").EnsureSuccess("reference ADD").Stdout;
            lock (theirs)
            {
                theirs.Add(stdout);
            }
        })).ToList();
        var all = threads.Concat(processes).ToList();
        all.ForEach(t => t.Start());
        all.ForEach(t => t.Join());

        _data.LeaseNames().Should().HaveCount(2 * each);
        ours.Should().OnlyHaveUniqueItems();
        foreach (var address in ours)
        {
            theirs.Should().NotContain(s => s.Contains($"\"{address}\"", StringComparison.Ordinal));
        }

        // Every reference lease is found through the index and released by K8sNet.
        for (var i = 0; i < each; i++)
        {
            _plugin.Del(Invocation(Config(), $"r{i}", command: CniCommand.Del));
        }

        _data.LeaseNames().Should().HaveCount(each);
    }
}
