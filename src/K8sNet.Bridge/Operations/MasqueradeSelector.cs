using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Nftables;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Bridge.Operations;

/// <summary>
/// Chooses the masquerade backend for a config. "iptables": the reference's per-pod chains, one iptables-restore
/// per family. "nftables", and the default: one rule per network subnet in our own nf_tables table, written over
/// netlink (no exec on the hot path); the default falls back to iptables on a kernel without nf_tables.
/// </summary>
public static class MasqueradeSelector
{
    public static MasqueradeSession For(CniInvocation invocation, BridgeConf conf)
    {
        var iptables = new IptablesMasqueradeBackend(CommandRunner.FromProcessEnvironment());
        if (conf.IpMasqBackend == "iptables")
        {
            return new MasqueradeSession(iptables, socket: null);
        }

        NetlinkSocket socket;
        try
        {
            socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_NETFILTER);
        }
        catch (ErrnoException ex) when (conf.IpMasqBackend is null or "")
        {
            // No nf_tables netlink here (EPROTONOSUPPORT): the iptables tools may still work.
            invocation.Logger.LogNfTablesUnavailable(ex.Message);
            return new MasqueradeSession(iptables, socket: null);
        }

        return new MasqueradeSession(new NftablesNetlinkBackend(socket, iptables), socket);
    }
}

/// <summary>A backend for one invocation; failures become CNI code 104, and its netlink socket is closed at the end.</summary>
public sealed class MasqueradeSession(IMasqueradeBackend inner, NetlinkSocket? socket) : IMasqueradeBackend, IDisposable
{
    public void Setup(MasqueradeTarget target) => Report("set up masquerade", () => inner.Setup(target));

    public void Teardown(MasqueradeTarget target) => Report("remove masquerade", () => inner.Teardown(target));

    public void Check(MasqueradeTarget target) => Report("check masquerade", () => inner.Check(target));

    /// <summary>Removes the network-wide rule of the nf_tables backend (the iptables backend has none).</summary>
    public void RemoveNetwork(string networkName) =>
        Report("remove the network's masquerade rule", () => (inner as NftablesNetlinkBackend)?.RemoveNetwork(networkName));

    public void Dispose() => socket?.Dispose();

    private static void Report(string what, Action action)
    {
        try
        {
            action();
        }
        catch (MasqueradeException ex)
        {
            throw new CniException(CniErrorCode.FirewallFailure, $"{what}: {ex.Message}", inner: ex);
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.FirewallFailure, $"{what}: {ex.Message}", inner: ex);
        }
    }
}

internal static partial class MasqueradeLog
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "nf_tables netlink unavailable ({Reason}); using iptables for ipMasq")]
    public static partial void LogNfTablesUnavailable(this Microsoft.Extensions.Logging.ILogger logger, string reason);
}
