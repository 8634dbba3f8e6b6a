using K8sNet.Cni;
using static K8sNet.Ipam.Tests.IpamTestKit;

namespace K8sNet.Ipam.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDataDir _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Two_hundred_concurrent_adds_get_two_hundred_distinct_addresses_and_del_of_half_removes_exactly_those()
    {
        var config = Net(Subnet("10.8.0.0/16", _data.Path));
        var results = new string[200];
        var threads = Enumerable.Range(0, 200).Select(i => new Thread(() =>
            results[i] = AddressOf(new HostLocalPlugin().Add(Invocation(config, $"pod{i}"))).Split('/')[0])).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        results.Should().OnlyHaveUniqueItems().And.NotContainNulls();
        _data.LeaseNames().Should().BeEquivalentTo(results);

        var deleters = Enumerable.Range(0, 100).Select(i => new Thread(() =>
            new HostLocalPlugin().Del(Invocation(config, $"pod{i * 2}", command: CniCommand.Del)))).ToList();
        deleters.ForEach(t => t.Start());
        deleters.ForEach(t => t.Join());
        _data.LeaseNames().Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => results[(i * 2) + 1]));
    }
}
