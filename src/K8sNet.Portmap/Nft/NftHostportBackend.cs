using System.Net;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using K8sNet.Portmap.Config;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The default backend: the hostport table over NETLINK_NETFILTER. Each verb reads the table (one dump per family)
/// and writes one transaction: it applies whole or not at all, so a failed or killed ADD leaves nothing half-made.
/// </summary>
public sealed class NftHostportBackend(NetlinkSocket socket)
{
    /// <summary>
    /// Writes the plans' rules, replacing the attachment's earlier ones (a repeated ADD), after refusing a
    /// (protocol, hostIP, hostPort) another attachment holds.
    /// </summary>
    public void Add(Attachment attachment, IReadOnlyList<HostportPlan> plans) =>
        Retrying(() => TryAdd(attachment, plans), $"hostports of {attachment.Owner}");

    /// <summary>
    /// One attempt. It reads the shared chains (a few rules each) and the attachment's own chains, never other
    /// attachments' rules: the kernel refuses a taken (protocol, hostIP, hostPort) itself, because the mapping's map
    /// element is added with NLM_F_EXCL. Only then is the table read whole, to name the holder.
    /// </summary>
    private ErrnoException? TryAdd(Attachment attachment, IReadOnlyList<HostportPlan> plans)
    {
        var generation = NftMessagesBatch.Generation(socket);
        var batch = new NetlinkWriter(2048);
        NftMessagesBatch.Begin(batch, generation);
        uint setId = 0;
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            var plan = plans.FirstOrDefault(p => p.Family == family);
            var state = HostportState.Read(socket, family, attachment.Key, shared: plan is not null);
            if (plan is null)
            {
                HostportRemoval.Attachment(socket, batch, state, attachment.Key);
                continue;
            }

            // "add chain" on a chain that exists is an update, and an update's transaction is freed only after an RCU
            // grace period, which the closing netlink socket waits for (nft_rcv_nl_event flushes nf_tables' destroy
            // work): 10-15 ms of every ADD. So only chains not known to exist are added: a shared chain exists once
            // it holds its rule, and the maps are made with the hostports chain's lookups.
            var known = state.Shared.Where(c => c.Value.Count > 0).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            if (known.Count == 0)
            {
                HostportMessages.Table(batch, family);
            }

            HostportMessages.BaseChains(batch, family, known);
            if (!state.Rules(HostportTable.Hostports).Any(r => r.IsLookup))
            {
                HostportMaps.Maps(batch, family, ref setId);
                HostportMaps.PortLookups(batch, family);
            }

            if (!state.Rules(HostportTable.Postrouting).Any(r => r.IsLookup))
            {
                HostportMaps.MasqueradeLookup(batch, family);
            }

            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!state.Rules(chain).Any(r => r.IsEntry))
                {
                    HostportMessages.EntryJump(batch, family, chain);
                }
            }

            WriteOwn(socket, batch, attachment, plan, state);
        }

        NftMessagesBatch.End(batch);
        var failure = socket.TryExecute(batch, "nft add rule", $"hostports of {attachment.Owner}");
        if (failure is { Errno: Errno.EEXIST })
        {
            RefuseTaken(attachment, plans, All());
            throw new CniException(CniErrorCode.AlreadyInUse, $"hostports of {attachment.Owner}: a pod address or host port is already mapped for another attachment: {failure.Message}");
        }

        return failure;
    }

    /// <summary>The attachment's chains, rules and map elements, replacing what it had (elements it keeps stay).</summary>
    private static void WriteOwn(NetlinkSocket socket, NetlinkWriter batch, Attachment attachment, HostportPlan plan, HostportState state)
    {
        var family = plan.Family;
        var dnatChain = HostportTable.DnatChain(attachment.Key);
        var masqChain = HostportTable.MasqChain(attachment.Key);
        var oldPorts = HostportRemoval.PortKeys(state.Own);
        var newPorts = plan.Mappings.Select(m => HostportMaps.PortKey(m.Protocol, m.HostIpText, m.HostPort)).DistinctBy(Text).ToList();
        foreach (var old in oldPorts.Where(o => !newPorts.Any(n => Text(n) == Text(o))))
        {
            HostportMaps.DeleteElement(batch, family, old.Map, old.Key);
        }

        // The pod's masquerade element: kept if it is already this attachment's. Another attachment's element for
        // this address is taken over: IPAM gave the address to this pod, so that attachment is gone (its DEL never
        // ran; its own DEL or GC later removes its chains and leaves this element alone).
        var newPod = plan.Masquerade ? plan.Pod.GetAddressBytes() : null;
        var keepPod = false;
        foreach (var pod in HostportRemoval.OwnMasqueradeElements(socket, state, attachment.Key))
        {
            if (newPod is not null && pod.AsSpan().SequenceEqual(newPod))
            {
                keepPod = true;
                continue;
            }

            HostportMaps.DeleteElement(batch, family, HostportTable.MasqueradeMap, pod);
        }

        if (newPod is not null && !keepPod && HostportState.ElementJump(socket, family, HostportTable.MasqueradeMap, newPod) is not null)
        {
            HostportMaps.DeleteElement(batch, family, HostportTable.MasqueradeMap, newPod);
        }

        if (state.HasOwn(dnatChain))
        {
            HostportMessages.FlushChain(batch, family, dnatChain);
        }
        else
        {
            HostportMessages.Chain(batch, family, dnatChain);
        }

        foreach (var mapping in plan.Mappings)
        {
            HostportMessages.Dnat(batch, family, dnatChain, mapping, plan.Pod, plan.Conditions, HostportComment.Dnat(attachment, mapping, plan.Pod));
        }

        foreach (var port in newPorts.Where(n => !oldPorts.Any(o => Text(o) == Text(n))))
        {
            HostportMaps.CreateElement(batch, family, port.Map, port.Key, dnatChain);
        }

        if (!plan.Masquerade)
        {
            if (state.HasOwn(masqChain))
            {
                HostportMessages.DeleteChain(batch, family, masqChain);
            }

            return;
        }

        if (state.HasOwn(masqChain))
        {
            HostportMessages.FlushChain(batch, family, masqChain);
        }
        else
        {
            HostportMessages.Chain(batch, family, masqChain);
        }

        HostportMessages.Masquerade(batch, family, masqChain, plan.Pod, plan.MasqueradeSource, HostportComment.Masq(attachment, plan.Pod));
        if (plan.LocalhostBridge is { } bridge)
        {
            if (!state.Has(HostportTable.Guard))
            {
                HostportMessages.GuardChain(batch);
            }

            // A bridge's guard and its localhost chain come and go together (its first and last localhost mapping).
            if (!state.Rules(HostportTable.Guard).Any(r => r.Kind == "guard" && r.Bridge == bridge))
            {
                HostportMessages.Guard(batch, bridge);
                HostportMessages.LocalhostChain(batch, bridge);
            }

            HostportMessages.Masquerade(batch, family, masqChain, plan.Pod, new IPNetwork(IPAddress.Parse("127.0.0.0"), 8), HostportComment.Localhost(attachment, bridge, plan.Pod), HostportTable.LocalhostChain(bridge));
        }

        if (!keepPod)
        {
            HostportMaps.CreateElement(batch, family, HostportTable.MasqueradeMap, plan.Pod.GetAddressBytes(), masqChain);
        }
    }

    private static string Text((string Map, byte[] Key) element) => element.Map + Convert.ToHexString(element.Key);

    /// <summary>
    /// DEL: removes every rule of the attachment (found by its key, whatever mappings DEL was given), and the
    /// route_localnet guard of each bridge whose last localhost mapping this was. Returns what was removed.
    /// </summary>
    /// <param name="beforeCommit">
    /// Runs with the bridges whose last localhost mapping goes, just before the transaction: route_localnet is reset
    /// while the 127/8 guard still stands, so a kill between the two never leaves route_localnet on unguarded, and a
    /// retried DEL (which then finds the rules again) resets it again.
    /// </param>
    public List<HostportRule> Remove(string key, Action<IReadOnlyList<string>> beforeCommit) => Remove([key], beforeCommit);

    /// <summary>GC: removes the attachments that own a rule matching <paramref name="owned"/> (one read of the whole table).</summary>
    public List<HostportRule> Remove(Func<HostportRule, bool> owned, Action<IReadOnlyList<string>> beforeCommit) =>
        Remove(All().Where(r => r.Key.Length > 0 && owned(r)).Select(r => r.Key).Distinct().ToList(), beforeCommit);

    private List<HostportRule> Remove(IReadOnlyList<string> keys, Action<IReadOnlyList<string>> beforeCommit)
    {
        List<HostportRule> removed = [];
        if (keys.Count > 0)
        {
            Retrying(() => HostportRemoval.TryRemove(socket, keys, beforeCommit, out removed), "hostport rules");
        }

        return removed;
    }

    /// <summary>Runs one read-compute-write attempt again while the ruleset changed under it (ERESTART).</summary>
    private static void Retrying(Func<ErrnoException?> attempt, string target)
    {
        const int ERESTART = 85;
        for (var i = 1; ; i++)
        {
            ErrnoException? failure;
            try
            {
                failure = attempt();
            }
            catch (ErrnoException e)
            {
                failure = e;
            }

            if (failure is null)
            {
                return;
            }

            if (failure.Errno != ERESTART || i == 20)
            {
                throw new CniException(CniErrorCode.FirewallFailure, $"could not write the hostport rules ({target}): {failure.Message}");
            }
        }
    }

    /// <summary>CHECK: the entry jumps, the map lookups and elements, the attachment's DNAT and masquerade rules, and the localhost guard.</summary>
    public void Check(Attachment attachment, IReadOnlyList<HostportPlan> plans)
    {
        foreach (var plan in plans)
        {
            var family = HostportTable.FamilyName(plan.Family);
            var state = HostportState.Read(socket, plan.Family, attachment.Key, shared: true);
            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!state.Rules(chain).Any(r => r.IsEntry))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: base chain {chain} is missing or has no 'fib daddr type local jump {HostportTable.Hostports}'");
                }
            }

            if (state.Rules(HostportTable.Hostports).Count(r => r.IsLookup) < 2)
            {
                throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Hostports} has no lookup in @{HostportTable.PortsByAddress} and @{HostportTable.PortsAny}");
            }

            var dnatChain = HostportTable.DnatChain(attachment.Key);
            foreach (var mapping in plan.Mappings)
            {
                var comment = HostportComment.Dnat(attachment, mapping, plan.Pod);
                if (!state.Own.Any(r => r.Chain == dnatChain && r.Comment == comment))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: chain {dnatChain} has no rule \"{comment}\"");
                }

                var (map, key) = HostportMaps.PortKey(mapping.Protocol, mapping.HostIpText, mapping.HostPort);
                CheckElement(plan.Family, map, key, dnatChain, $"{mapping.Protocol} {mapping.HostIpText} {mapping.HostPort}");
            }

            if (!plan.Masquerade)
            {
                continue;
            }

            var masqChain = HostportTable.MasqChain(attachment.Key);
            if (!state.Rules(HostportTable.Postrouting).Any(r => r.IsLookup))
            {
                throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Postrouting} has no lookup in @{HostportTable.MasqueradeMap}");
            }

            if (!state.Own.Any(r => r.Chain == masqChain && r.Comment == HostportComment.Masq(attachment, plan.Pod)))
            {
                throw CheckFailed($"table {family} {HostportTable.Name}: chain {masqChain} has no hairpin masquerade for {plan.Pod}");
            }

            CheckElement(plan.Family, HostportTable.MasqueradeMap, plan.Pod.GetAddressBytes(), masqChain, plan.Pod.ToString());
            if (plan.LocalhostBridge is { } bridge)
            {
                if (!state.Own.Any(r => r.Chain == masqChain && r.Comment == HostportComment.Localhost(attachment, bridge, plan.Pod)))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: chain {masqChain} has no localhost masquerade for {plan.Pod}");
                }

                if (!state.Rules(HostportTable.Guard).Any(r => r.Kind == "guard" && r.Bridge == bridge))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Guard} has no 127.0.0.0/8 drop for bridge {bridge}");
                }

                if (!NodeView.RouteLocalnetOn(bridge))
                {
                    throw CheckFailed($"{NodeView.RouteLocalnetKey(bridge)} is not 1: 127.0.0.1:hostPort cannot reach the pod");
                }
            }
        }
    }

    /// <summary>The map element of <paramref name="key"/> exists and jumps to <paramref name="chain"/>.</summary>
    private void CheckElement(byte family, string map, byte[] key, string chain, string what)
    {
        var request = new NetlinkWriter();
        HostportMaps.GetElement(request, family, map, key);
        var jump = string.Empty;
        var failure = socket.TryExecute(request, "nft get element", $"{HostportTable.FamilyName(family)} {HostportTable.Name} {map}", reply => jump = HostportMaps.JumpOf(reply));
        if (failure is not null || jump != chain)
        {
            throw CheckFailed($"table {HostportTable.FamilyName(family)} {HostportTable.Name}: map {map} has no element {what} : jump {chain}" + (jump.Length > 0 ? $" (it jumps to {jump})" : string.Empty));
        }
    }

    /// <summary>Every rule of the hostport tables (inspect and GC).</summary>
    public List<HostportRule> All() => HostportRuleReader.ReadBoth(socket);

    private static void RefuseTaken(Attachment attachment, IReadOnlyList<HostportPlan> plans, List<HostportRule> existing)
    {
        foreach (var plan in plans)
        {
            foreach (var m in plan.Mappings)
            {
                var holder = existing.FirstOrDefault(r => r.Family == plan.Family && r.Kind == "dnat" && r.Key != attachment.Key
                    && r.Protocol == m.Protocol && r.HostPort == m.HostPort && r.HostIp == m.HostIpText);
                if (holder is not null)
                {
                    throw new CniException(
                        CniErrorCode.AlreadyInUse,
                        $"hostPort {m.Protocol}/{m.HostIpText}:{m.HostPort} is already mapped to {holder.PodIp}:{holder.ContainerPort} for {holder.Owner}");
                }
            }
        }
    }

    private static CniException CheckFailed(string message) => new(CniErrorCode.CheckFailed, message);
}

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
