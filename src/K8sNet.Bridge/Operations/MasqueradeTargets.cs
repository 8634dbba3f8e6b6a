using System.Net;
using K8sNet.Bridge.Planning;
using K8sNet.Cni;
using K8sNet.Masquerade;

namespace K8sNet.Bridge.Operations;

/// <summary>Whose rules, in the masquerade library's terms.</summary>
public static class MasqueradeTargets
{
    public static MasqueradeTarget For(CniInvocation invocation, IEnumerable<CidrAddress> addresses) => new(
        invocation.NetworkName,
        invocation.Request.ContainerId,
        invocation.Request.IfName,
        Collect(addresses, a => new MasqueradeAddress(a.Address, a.PrefixLength)));

    /// <summary>
    /// For DEL: the addresses are known from the lease or the interface, their subnet prefix may not be; teardown
    /// matches the POSTROUTING jumps by source address and chain, so a host prefix serves.
    /// </summary>
    public static MasqueradeTarget WithoutPrefixes(CniInvocation invocation, IEnumerable<IPAddress> addresses) => new(
        invocation.NetworkName,
        invocation.Request.ContainerId,
        invocation.Request.IfName,
        Collect(addresses, a => new MasqueradeAddress(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)));

    // A loop rather than LINQ: Select into a value type makes the AOT compiler emit LINQ's iterator classes for it
    // (issue 7: value-type LINQ was 1.6 MB of the image, which every process start pays for).
    private static List<MasqueradeAddress> Collect<T>(IEnumerable<T> addresses, Func<T, MasqueradeAddress> make)
    {
        var list = new List<MasqueradeAddress>();
        foreach (var address in addresses)
        {
            list.Add(make(address));
        }

        return list;
    }
}
