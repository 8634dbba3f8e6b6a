using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade.Nftables;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Bridge.Kernel;

/// <summary>The macspoofchk rules in the plugin's own (node) namespace, through the one process runner.</summary>
public static class MacSpoofCheckSelector
{
    public static MacSpoofCheck For() => new(CommandRunner.FromProcessEnvironment());

    /// <summary>
    /// Removes what the reference plugin's macspoofchk made for this attachment (<see cref="ReferenceSpoofCheck"/>):
    /// one netlink GETCHAIN when there is nothing. A kernel without nf_tables cannot hold such rules.
    /// </summary>
    public static void RemoveReferenceRules(string containerId, string ifName)
    {
        NetlinkSocket socket;
        try
        {
            socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.EPROTONOSUPPORT)
        {
            return;
        }

        using (socket)
        {
            try
            {
                new ReferenceSpoofCheck(socket).Remove(containerId, ifName);
            }
            catch (ErrnoException ex)
            {
                throw new CniException(CniErrorCode.FirewallFailure, $"remove the reference plugin's macspoofchk rules of {containerId}/{ifName}: {ex.Message}", inner: ex);
            }
        }
    }
}
