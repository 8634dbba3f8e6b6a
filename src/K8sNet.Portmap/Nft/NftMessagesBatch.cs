using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The nf_tables batch delimiters (one transaction), and the ruleset generation that makes read-then-write safe:
/// a batch that names the generation it was computed from is refused with ERESTART if anyone changed the ruleset
/// since (NFNL_BATCH_GENID, as nft itself uses it), and the verb reads again and recomputes.
/// </summary>
internal static class NftMessagesBatch
{
    private const byte NFT_MSG_GETGEN = 16;
    private const ushort NFTA_GEN_ID = 1;
    private const ushort NFNL_BATCH_GENID = 1;

    public static void Begin(NetlinkWriter w, uint generation)
    {
        w.BeginMessage(NFNL_MSG_BATCH_BEGIN, 0);
        w.Write(new NfGenMsg { version = NFNETLINK_V0, res_id = BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)NFNL_SUBSYS_NFTABLES) : NFNL_SUBSYS_NFTABLES });
        w.AttributeU32BigEndian(NFNL_BATCH_GENID, generation);
        w.EndMessage();
    }

    public static void End(NetlinkWriter w) => Masquerade.Nftables.NftMessages.BatchMessage(w, NFNL_MSG_BATCH_END);

    /// <summary>Equivalent to nft's first request: NFT_MSG_GETGEN, answered by NEWGEN { NFTA_GEN_ID be32 }.</summary>
    public static uint Generation(NetlinkSocket socket)
    {
        var request = new NetlinkWriter();
        Masquerade.Nftables.NftMessages.Begin(request, NFT_MSG_GETGEN, Linux.Netlink.Wire.NetlinkConstants.NLM_F_ACK, 0);
        request.EndMessage();
        uint generation = 0;
        socket.Execute(request, "nft get generation", "ruleset", reply =>
        {
            var attributes = reply.AttributesAfter<NfGenMsg>();
            while (attributes.MoveNext())
            {
                if ((attributes.Type & Linux.Netlink.Wire.NetlinkConstants.NLA_TYPE_MASK) == NFTA_GEN_ID && attributes.Value.Length == 4)
                {
                    generation = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(attributes.Value);
                }
            }
        });
        return generation;
    }
}
