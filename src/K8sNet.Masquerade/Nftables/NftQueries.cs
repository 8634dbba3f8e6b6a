using K8sNet.Linux;
using K8sNet.Linux.Netlink;

namespace K8sNet.Masquerade.Nftables;

/// <summary>Targeted "is it there?" questions to nf_tables: one object per request, never a ruleset dump.</summary>
public static class NftQueries
{
    /// <summary>Equivalent to: <c>nft list chain FAMILY TABLE CHAIN</c> succeeding; a missing table or chain is no.</summary>
    public static bool ChainExists(NetlinkSocket socket, byte family, string table, string chain)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var request = new NetlinkWriter();
        NftMessages.GetChain(request, family, table, chain);
        var failure = socket.TryExecute(request, "nft list chain", $"{table} {chain}");
        if (failure is null)
        {
            return true;
        }

        return failure.Errno == Errno.ENOENT ? false : throw failure;
    }
}
