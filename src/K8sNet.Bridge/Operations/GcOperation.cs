using K8sNet.Bridge.Ipam;
using K8sNet.Bridge.Kernel;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;
using Microsoft.Extensions.Logging;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// CNI 1.1 GC: everything of this network that belongs to an attachment not in cni.dev/valid-attachments goes —
/// leases (through IPAM), host veths (found by their alias) and masquerade rules. The spec asks GC to continue past
/// errors and report them; the first one is returned after everything was tried.
/// </summary>
public sealed class GcOperation(CniInvocation invocation, IIpamDriver? ipam, Action<AttachmentAlias> removeMasquerade)
{
    public void Run()
    {
        var valid = new HashSet<(string, string)>();
        foreach (var a in invocation.Config.ValidAttachments ?? invocation.Config.LegacyAttachments ?? [])
        {
            valid.Add((a.ContainerId, a.IfName));
        }

        var errors = new List<Exception>();
        Try(errors, () => ipam?.Gc(invocation));
        Try(errors, () => RemoveStaleVeths(valid, errors));
        if (errors.Count > 0)
        {
            throw errors[0] as CniException ?? new CniException(CniErrorCode.KernelFailure, $"GC: {errors[0].Message}");
        }
    }

    private void RemoveStaleVeths(HashSet<(string, string)> valid, List<Exception> errors)
    {
        using var node = RouteNetlink.Open();
        foreach (var link in node.ListLinks())
        {
            if (link.Kind != "veth" || !AttachmentAlias.TryParse(link.Alias, out var attachment)
                || attachment.Network != invocation.NetworkName || valid.Contains((attachment.ContainerId, attachment.IfName)))
            {
                continue;
            }

            invocation.Logger.LogInformation("GC: removing {Veth} of stale attachment {ContainerId}/{IfName}", link.Name, attachment.ContainerId, attachment.IfName);
            Try(errors, () => DeleteIfPresent(node, link.Index));
            Try(errors, () => removeMasquerade(attachment));
        }
    }

    /// <summary>
    /// A veth whose pod namespace was just deleted is being destroyed by the kernel's namespace cleanup, which runs
    /// asynchronously: it may still be listed and gone a moment later. Gone is what GC wants.
    /// </summary>
    private static void DeleteIfPresent(RouteNetlink node, int index)
    {
        try
        {
            node.DeleteLink(index);
        }
        catch (LinkNotFoundException)
        {
        }
    }

    private static void Try(List<Exception> errors, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is CniException or ErrnoException)
        {
            errors.Add(ex);
        }
    }
}
