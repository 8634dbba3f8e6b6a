using System.Net;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// Removal of attachments by key: their port and masquerade elements, their chains by name, the guard, localhost set
/// and localhost masquerade of a bridge whose last localhost mapping goes, and the whole table once nothing but the
/// shared chains and maps would be left. It reads only the attachments' own chains, their elements and use counts,
/// never other attachments' rules.
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
            var states = new List<Leaving>();
            foreach (var key in keys)
            {
                var state = HostportState.Read(socket, family, key, shared: false);
                if (state.Own.Count > 0)
                {
                    states.Add(new Leaving(key, state, OwnedElements(socket, family, state.Own, key)));
                }
            }

            if (states.Count == 0)
            {
                continue;
            }

            var own = states.SelectMany(s => s.State.Own).ToList();
            removed.AddRange(own);
            var owned = states.SelectMany(s => s.Owned).ToList();
            var guards = family == NFPROTO_IPV4 ? HostportRuleReader.ReadChain(socket, family, HostportTable.Guard).Where(r => r.Kind == "guard").ToList() : [];
            var guardChain = family == NFPROTO_IPV4 && HostportState.ChainUse(socket, family, HostportTable.Guard) is not null;
            var familyFreed = new List<string>();
            foreach (var bridge in own.Where(r => r.Kind == "localhost").Select(r => r.Bridge).Distinct())
            {
                var set = HostportTable.LocalhostSet(bridge);
                if (HostportState.ElementCount(socket, family, set) <= owned.Count(e => e.Set == set))
                {
                    familyFreed.Add(bridge);
                }
            }

            freed.AddRange(familyFreed);
            var ownChains = own.Select(r => r.Chain).Distinct().Count();
            var left = (long)(HostportState.TableUse(socket, family) ?? 0) - ownChains - familyFreed.Count;
            // Besides the shared objects, each bridge with a guard rule has its localhost set.
            if (left <= HostportTable.SharedObjects + (guardChain ? 1 : 0) + guards.Count - familyFreed.Count)
            {
                HostportMessages.DeleteTable(batch, family); // no attachment left: DEL of the last hostPort leaves nothing
                continue;
            }

            foreach (var leaving in states)
            {
                Attachment(batch, leaving.State, leaving.Key, leaving.Owned);
            }

            if (familyFreed.Count > 0)
            {
                var postrouting = HostportRuleReader.ReadChain(socket, family, HostportTable.Postrouting);
                foreach (var bridge in familyFreed)
                {
                    foreach (var rule in guards.Where(g => g.Bridge == bridge).Concat(postrouting.Where(r => r.Kind == "localnet" && r.Bridge == bridge)))
                    {
                        HostportMessages.DeleteRule(batch, rule);
                    }

                    HostportMaps.DeleteSet(batch, family, HostportTable.LocalhostSet(bridge));
                }
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

    /// <summary>
    /// The attachment's elements (its port elements by key, and <paramref name="owned"/>, the masquerade elements
    /// that still carry its key), then its chains (by name) of one family.
    /// </summary>
    public static void Attachment(NetlinkWriter batch, HostportState state, string key, IEnumerable<OwnedElement> owned)
    {
        foreach (var port in PortElements(state.Own))
        {
            HostportElements.DeleteElement(batch, state.Family, port.Map, port.Key);
        }

        foreach (var element in owned)
        {
            HostportElements.DeleteElement(batch, state.Family, element.Set, element.Key);
        }

        foreach (var chain in new[] { HostportTable.RecordChain(key), HostportTable.DnatChain(key) })
        {
            if (state.HasOwn(chain))
            {
                HostportMessages.DeleteChain(batch, state.Family, chain);
            }
        }
    }

    /// <summary>
    /// The masquerade elements the attachment's records name that still carry its key: a pod address it had may since
    /// have been given to another attachment (its own DEL never ran), whose ADD took those elements over.
    /// </summary>
    public static List<OwnedElement> OwnedElements(NetlinkSocket socket, byte family, IEnumerable<HostportRule> own, string key)
    {
        var candidates = new List<OwnedElement>();
        foreach (var rule in own.Where(r => r.MasqPod.Length > 0))
        {
            var pod = IPAddress.Parse(rule.MasqPod);
            if (rule.Kind == "localhost")
            {
                candidates.Add(new OwnedElement(HostportTable.LocalhostSet(rule.Bridge), pod.GetAddressBytes()));
            }
            else
            {
                candidates.Add(new OwnedElement(HostportTable.Hairpin, HostportElements.HairpinKey(pod)));
                candidates.Add(new OwnedElement(HostportTable.MasqAll, pod.GetAddressBytes()));
            }
        }

        return candidates.DistinctBy(c => c.Set + Convert.ToHexString(c.Key))
            .Where(c => HostportState.Element(socket, family, c.Set, c.Key)?.Comment == key)
            .ToList();
    }

    /// <summary>
    /// The port elements of the attachment, read back from its comments: a record (rec-KEY) stands for an element of
    /// a data map, a DNAT rule of its own chain (dnat-KEY) for a jump element of a ports map.
    /// </summary>
    public static List<PortElement> PortElements(IEnumerable<HostportRule> own) =>
        own.Where(r => r.Kind == "dnat" && r.HostPort > 0)
            .Select(r =>
            {
                var (ports, key) = HostportElements.PortKey(r.Protocol, r.HostIp, r.HostPort);
                return r.Chain == HostportTable.DnatChain(r.Key)
                    ? new PortElement(ports, key, null)
                    : new PortElement(HostportTable.DataMapOf(ports), key, HostportElements.Datum(IPAddress.Parse(r.PodIp), r.ContainerPort));
            })
            .DistinctBy(p => p.Map + Convert.ToHexString(p.Key))
            .ToList();
}

/// <summary>An attachment being removed in one family: its state and the masquerade elements that still carry its key (read once).</summary>
internal sealed record Leaving(string Key, HostportState State, List<OwnedElement> Owned);
