using System.Net;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// Removal of attachments by key: their map elements by key and their chains by name, the localhost chain and
/// guard of a bridge whose last localhost mapping goes, and the whole table once nothing but the shared chains and
/// maps would be left. It reads only the attachments' own chains and use counts, never other attachments' rules.
/// </summary>
internal static class HostportRemoval
{
    public static ErrnoException? TryRemove(NetlinkSocket socket, IReadOnlyList<string> keys, Action<IReadOnlyList<string>> beforeCommit, out List<HostportRule> removed)
    {
        var generation = NftMessagesBatch.Generation(socket);
        removed = [];
        var freed = new List<string>();
        var batch = new NetlinkWriter(1024);
        NftMessagesBatch.Begin(batch, generation);
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            var states = keys.Select(k => (Key: k, State: HostportState.Read(socket, family, k, shared: false))).Where(s => s.State.Own.Count > 0).ToList();
            if (states.Count == 0)
            {
                continue;
            }

            var own = states.SelectMany(s => s.State.Own).ToList();
            removed.AddRange(own);
            var guards = family == NFPROTO_IPV4 ? HostportRuleReader.ReadChain(socket, family, HostportTable.Guard).Where(r => r.Kind == "guard").ToList() : [];
            var guardChain = family == NFPROTO_IPV4 && HostportState.ChainUse(socket, family, HostportTable.Guard) is not null;
            var familyFreed = new List<string>();
            foreach (var bridge in own.Where(r => r.Kind == "localhost").GroupBy(r => r.Bridge))
            {
                // A chain's use counts the jumps to it and its own rules (the one masquerade rule).
                if ((HostportState.ChainUse(socket, family, HostportTable.LocalhostChain(bridge.Key)) ?? 0) <= (uint)bridge.Count() + 1)
                {
                    familyFreed.Add(bridge.Key);
                }
            }

            freed.AddRange(familyFreed);
            var ownChains = own.Select(r => r.Chain).Distinct().Count();
            var left = (long)(HostportState.TableUse(socket, family) ?? 0) - ownChains - familyFreed.Count;
            if (left <= HostportTable.SharedObjects + (guardChain ? 1 : 0) + guards.Count - familyFreed.Count)
            {
                HostportMessages.DeleteTable(batch, family); // no attachment left: DEL of the last hostPort leaves nothing
                continue;
            }

            foreach (var (key, state) in states)
            {
                Attachment(socket, batch, state, key);
            }

            foreach (var bridge in familyFreed)
            {
                foreach (var guard in guards.Where(g => g.Bridge == bridge))
                {
                    HostportMessages.DeleteRule(batch, guard);
                }

                HostportMessages.DeleteChain(batch, family, HostportTable.LocalhostChain(bridge));
            }
        }

        if (removed.Count == 0)
        {
            return null;
        }

        NftMessagesBatch.End(batch);
        beforeCommit(freed);
        return socket.TryExecute(batch, "nft delete rule", "hostport rules");
    }

    /// <summary>The attachment's elements (by key), then its chains (by name) of one family.</summary>
    public static void Attachment(NetlinkSocket socket, NetlinkWriter batch, HostportState state, string key)
    {
        foreach (var port in PortKeys(state.Own))
        {
            HostportElements.DeleteElement(batch, state.Family, port.Map, port.Key);
        }

        foreach (var pod in OwnMasqueradeElements(socket, state, key))
        {
            HostportElements.DeleteElement(batch, state.Family, HostportTable.MasqueradeMap, pod);
        }

        foreach (var chain in new[] { HostportTable.DnatChain(key), HostportTable.MasqChain(key) })
        {
            if (state.HasOwn(chain))
            {
                HostportMessages.DeleteChain(batch, state.Family, chain);
            }
        }
    }

    /// <summary>
    /// The masquerade elements (pod addresses) that still jump to the attachment's chain: a pod address it had may
    /// since have been given to another attachment (its own DEL never ran), whose ADD took that element over.
    /// </summary>
    public static List<byte[]> OwnMasqueradeElements(NetlinkSocket socket, HostportState state, string key) =>
        state.Own.Select(r => r.MasqPod).Where(p => p.Length > 0).Distinct()
            .Select(p => IPAddress.Parse(p).GetAddressBytes())
            .Where(p => HostportState.ElementJump(socket, state.Family, HostportTable.MasqueradeMap, p) == HostportTable.MasqChain(key))
            .ToList();

    /// <summary>The map element keys of the attachment's DNAT rules, read back from their comments.</summary>
    public static List<(string Map, byte[] Key)> PortKeys(IEnumerable<HostportRule> own) =>
        own.Where(r => r.Kind == "dnat" && r.HostPort > 0)
            .Select(r => HostportElements.PortKey(r.Protocol, r.HostIp, r.HostPort))
            .DistinctBy(p => p.Map + Convert.ToHexString(p.Key))
            .ToList();
}
