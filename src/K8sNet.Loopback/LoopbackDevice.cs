using System.Net.Sockets;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Loopback;

/// <summary>The first IPv4 and IPv6 address on lo, as CIDRs ("127.0.0.1/8", "::1/128"), or null.</summary>
public sealed record LoopbackAddresses(string? FirstV4, string? FirstV6);

/// <summary><c>lo</c> in a pod's namespace, over netlink: up, down, and what is on it. Kernel errors become code 100.</summary>
internal static class LoopbackDevice
{
    /// <summary>
    /// Sets lo up, then reads its addresses: the kernel adds 127.0.0.1/8 and ::1/128 as lo comes up. An address that
    /// is not a loopback one fails the call, as the reference's sanity check does (lo stays up, as there).
    /// </summary>
    public static LoopbackAddresses BringUp(NetNs netns) => OnLo(netns, "set lo up", (rt, lo) =>
    {
        rt.SetUp(lo.Index);
        return new LoopbackAddresses(FirstLoopback(rt, lo, AddressFamily.InterNetwork), FirstLoopback(rt, lo, AddressFamily.InterNetworkV6));
    });

    public static void SetDown(NetNs netns) => OnLo(netns, "set lo down", (rt, lo) =>
    {
        rt.SetDown(lo.Index);
        return true;
    });

    public static bool IsUp(NetNs netns) => OnLo(netns, "read lo", (_, lo) => lo.IsUp);

    private static string? FirstLoopback(RouteNetlink rt, Link lo, AddressFamily family)
    {
        var addresses = rt.ListAddresses(lo.Index, family);
        var stranger = addresses.Find(a => !System.Net.IPAddress.IsLoopback(a.Address));
        if (stranger is not null)
        {
            throw new CniException(CniErrorCode.KernelFailure, $"loopback interface found with non-loopback address \"{stranger.Address}\"");
        }

        return addresses.Count > 0 ? addresses[0].ToString() : null;
    }

    private static T OnLo<T>(NetNs netns, string step, Func<RouteNetlink, Link, T> work)
    {
        try
        {
            using var rt = RouteNetlink.Open(netns);
            return work(rt, rt.GetLinkByName(LoopbackResult.InterfaceName));
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.KernelFailure, $"{step} in {netns.Path}: {ex.Message}", inner: ex);
        }
    }
}
