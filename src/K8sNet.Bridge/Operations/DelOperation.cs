using System.Net;
using K8sNet.Bridge.Ipam;
using K8sNet.Bridge.Kernel;
using K8sNet.Cni;
using K8sNet.Cni.Diagnostics;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade;
using Microsoft.Extensions.Logging;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// DEL: remove the container interface (its host end goes with it), release the lease and remove the masquerade
/// rules — each even when the others are already gone, also with no CNI_NETNS or a deleted netns (where the
/// reference leaks its rules, plugins#810). Never touches the bridge, its address or other pods. The first real
/// error is reported after everything else has been tried.
/// </summary>
public sealed class DelOperation(CniInvocation invocation, IIpamDriver? ipam, MasqueradeSession masquerade, bool macSpoofCheck)
{
    private readonly List<CniException> _errors = [];

    public void Run()
    {
        var podAddresses = new List<IPAddress>();
        Try("look up leased addresses", () => podAddresses.AddRange(ipam?.LeasedAddresses(invocation) ?? []));
        Try("delete container interface", () => podAddresses.AddRange(DeleteContainerInterface()));
        FaultPoint.Reached("del:interface");
        if (ipam is not null)
        {
            Try("release IPAM lease", () => ipam.Del(invocation));
            FaultPoint.Reached("del:ipam");
        }

        // Whatever ipMasq says today: the ADD may have run with an earlier config of the same network that had it,
        // and looking for absent rules is cheap.
        Try("remove masquerade rules", () => masquerade.Teardown(MasqueradeTargets.WithoutPrefixes(invocation, Distinct(podAddresses))));
        // The network-wide rule goes with the network's last pod, decided under the IPAM lock so that a concurrent
        // ADD either sees the rule removed before it allocates or keeps it by holding a lease.
        Try("remove the network's masquerade rule", () => ipam?.RunIfNoLeases(invocation, () => masquerade.RemoveNetwork(invocation.NetworkName)));
        if (macSpoofCheck)
        {
            Try("remove macspoofchk rules", () => MacSpoofCheckSelector.For().Teardown(invocation.Request.ContainerId, invocation.Request.IfName));
            // A pod the reference plugin wired before a live upgrade has its rules in the reference's own chains.
            Try("remove the reference plugin's macspoofchk rules", () => MacSpoofCheckSelector.RemoveReferenceRules(invocation.Request.ContainerId, invocation.Request.IfName));
        }

        if (_errors.Count > 0)
        {
            throw _errors[0];
        }
    }

    /// <summary>Returns the interface's global addresses (so rules can be found) and deletes it; gone = done.</summary>
    private List<IPAddress> DeleteContainerInterface()
    {
        using var podNs = PodNetns.TryOpen(invocation.Request.NetNs);
        if (podNs is null)
        {
            DeleteHostVethByAlias();
            return [];
        }

        using var pod = RouteNetlink.Open(podNs);
        var link = pod.TryGetLinkByName(invocation.Request.IfName);
        if (link is null)
        {
            return [];
        }

        var addresses = new List<IPAddress>();
        foreach (var assigned in pod.ListAddresses(link.Index))
        {
            if (!assigned.Address.IsIPv6LinkLocal)
            {
                addresses.Add(assigned.Address);
            }
        }

        try
        {
            pod.DeleteLink(link.Index);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.ENODEV)
        {
            // Deleted concurrently: the goal is reached.
        }

        return addresses;
    }

    /// <summary>
    /// No usable netns path (empty, or the runtime lost it) but the pod may still exist: its host veth carries the
    /// attachment in its alias. Dumping the node's links costs O(links), so only this fallback pays it.
    /// </summary>
    private void DeleteHostVethByAlias()
    {
        using var node = RouteNetlink.Open();
        var mine = new AttachmentAlias(invocation.NetworkName, invocation.Request.ContainerId, invocation.Request.IfName);
        foreach (var link in node.ListLinks())
        {
            if (link.Kind == "veth" && AttachmentAlias.TryParse(link.Alias, out var attachment) && attachment == mine)
            {
                try
                {
                    node.DeleteLink(link.Index);
                }
                catch (LinkNotFoundException)
                {
                    // Gone meanwhile: the goal is reached.
                }
            }
        }
    }

    /// <summary>The addresses once each, in first-seen order (a loop: LINQ's Distinct would page in its set machinery).</summary>
    private static List<IPAddress> Distinct(List<IPAddress> addresses)
    {
        var unique = new List<IPAddress>(addresses.Count);
        foreach (var address in addresses)
        {
            if (!unique.Contains(address))
            {
                unique.Add(address);
            }
        }

        return unique;
    }

    private void Try(string step, Action action)
    {
        try
        {
            action();
        }
        catch (CniException ex)
        {
            invocation.Logger.LogWarning("DEL {Step}: {Message}", step, ex.Message);
            _errors.Add(ex);
        }
        catch (ErrnoException ex)
        {
            invocation.Logger.LogWarning("DEL {Step}: {Message}", step, ex.Message);
            _errors.Add(new CniException(CniErrorCode.KernelFailure, $"{step}: {ex.Message}", inner: ex));
        }
    }
}
