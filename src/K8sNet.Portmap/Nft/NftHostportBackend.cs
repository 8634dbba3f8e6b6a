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
    /// (protocol, hostIP, hostPort) another attachment holds. Returns the bridges that now need route_localnet.
    /// </summary>
    public void Add(Attachment attachment, IReadOnlyList<HostportPlan> plans) =>
        Retrying(() => TryAdd(attachment, plans), $"hostports of {attachment.Owner}");

    private ErrnoException? TryAdd(Attachment attachment, IReadOnlyList<HostportPlan> plans)
    {
        var generation = NftMessagesBatch.Generation(socket);
        var existing = HostportRuleReader.ReadForAdd(socket, attachment.Key);
        RefuseTaken(attachment, plans, existing);
        var batch = new NetlinkWriter(2048);
        NftMessagesBatch.Begin(batch, generation);
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            var plan = plans.FirstOrDefault(p => p.Family == family);
            var familyRules = existing.Where(r => r.Family == family).ToList();
            foreach (var own in familyRules.Where(r => r.Key == attachment.Key))
            {
                HostportMessages.DeleteRule(batch, own);
            }

            if (plan is null)
            {
                continue;
            }

            // "add chain" on a chain that exists is an update, and an update's transaction is freed only after an RCU
            // grace period, which the closing netlink socket waits for (nft_rcv_nl_event flushes nf_tables' destroy
            // work): 10-15 ms of every ADD. So only chains not known to exist are added. The four base chains are
            // made together with the table, and the table goes when its last attachment's rules go, so a table
            // with a hostports rule has them all; the guard chain exists once it has held a rule.
            var known = familyRules.Select(r => r.Chain).ToHashSet(StringComparer.Ordinal);
            if (familyRules.Any(r => r.Chain == HostportTable.Hostports))
            {
                known.UnionWith([HostportTable.Hostports, HostportTable.Prerouting, HostportTable.Output, HostportTable.Postrouting]);
            }

            if (known.Count == 0)
            {
                HostportMessages.Table(batch, family);
            }

            HostportMessages.BaseChains(batch, family, known);
            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!familyRules.Any(r => r.Chain == chain && r.IsEntry))
                {
                    HostportMessages.EntryJump(batch, family, chain);
                }
            }

            foreach (var mapping in plan.Mappings)
            {
                HostportMessages.Dnat(batch, family, mapping, plan.Pod, plan.Conditions, HostportComment.Dnat(attachment, mapping, plan.Pod));
            }

            if (plan.Masquerade)
            {
                HostportMessages.Masquerade(batch, family, plan.Pod, plan.MasqueradeSource, HostportComment.Masq(attachment, plan.Pod));
            }

            if (plan.LocalhostBridge is { } bridge)
            {
                HostportMessages.Masquerade(batch, family, plan.Pod, new IPNetwork(IPAddress.Parse("127.0.0.0"), 8), HostportComment.Localhost(attachment, bridge, plan.Pod));
                if (!known.Contains(HostportTable.Guard))
                {
                    HostportMessages.GuardChain(batch);
                }

                if (!familyRules.Any(r => r.Kind == "guard" && r.Bridge == bridge))
                {
                    HostportMessages.Guard(batch, bridge);
                }
            }
        }

        NftMessagesBatch.End(batch);
        return socket.TryExecute(batch, "nft add rule", $"hostports of {attachment.Owner}");
    }

    /// <summary>
    /// Removes every rule of the attachment (found by its key, whatever mappings DEL was given), and the
    /// route_localnet guard of each bridge whose last localhost mapping this was. Returns what was removed.
    /// </summary>
    /// <param name="beforeCommit">
    /// Runs with the bridges whose last localhost mapping goes, just before the transaction: route_localnet is reset
    /// while the 127/8 guard still stands, so a kill between the two never leaves route_localnet on unguarded, and a
    /// retried DEL (which then finds the rules again) resets it again.
    /// </param>
    public List<HostportRule> Remove(Func<HostportRule, bool> owned, Action<IReadOnlyList<string>> beforeCommit)
    {
        List<HostportRule> removed = [];
        Retrying(() => TryRemove(owned, beforeCommit, out removed), "hostport rules");
        return removed;
    }

    /// <summary>
    /// One attempt: the attachment's rules, the guards no longer needed, and a family's whole table once no
    /// attachment has a rule left in it (DEL of the last hostPort leaves nothing in nft list ruleset).
    /// </summary>
    private ErrnoException? TryRemove(Func<HostportRule, bool> owned, Action<IReadOnlyList<string>> beforeCommit, out List<HostportRule> removed)
    {
        var generation = NftMessagesBatch.Generation(socket);
        var existing = HostportRuleReader.ReadBoth(socket);
        removed = existing.Where(r => r.Key.Length > 0 && owned(r)).ToList();
        var freed = new List<string>();
        if (removed.Count == 0)
        {
            return null;
        }

        var remaining = existing.Except(removed).ToList();
        foreach (var bridge in removed.Where(r => r.Kind == "localhost").Select(r => r.Bridge).Distinct())
        {
            if (!remaining.Any(r => r.Kind == "localhost" && r.Bridge == bridge))
            {
                freed.Add(bridge);
            }
        }

        var batch = new NetlinkWriter(1024);
        NftMessagesBatch.Begin(batch, generation);
        foreach (var family in new[] { NFPROTO_IPV4, NFPROTO_IPV6 })
        {
            if (!removed.Any(r => r.Family == family))
            {
                continue;
            }

            if (!remaining.Any(r => r.Family == family && r.Key.Length > 0))
            {
                HostportMessages.DeleteTable(batch, family);
                continue;
            }

            foreach (var rule in removed.Where(r => r.Family == family))
            {
                HostportMessages.DeleteRule(batch, rule);
            }

            var bridges = freed;
            foreach (var guard in remaining.Where(r => r.Family == family && r.Kind == "guard" && bridges.Contains(r.Bridge)))
            {
                HostportMessages.DeleteRule(batch, guard);
            }
        }

        NftMessagesBatch.End(batch);
        beforeCommit(freed);
        return socket.TryExecute(batch, "nft delete rule", "hostport rules");
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

    /// <summary>CHECK: the entry jumps, the attachment's DNAT and masquerade rules, and the localhost guard.</summary>
    public void Check(Attachment attachment, IReadOnlyList<HostportPlan> plans)
    {
        var existing = HostportRuleReader.ReadBoth(socket);
        foreach (var plan in plans)
        {
            var family = HostportTable.FamilyName(plan.Family);
            var rules = existing.Where(r => r.Family == plan.Family).ToList();
            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!rules.Any(r => r.Chain == chain && r.IsEntry))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: base chain {chain} is missing or has no 'fib daddr type local jump {HostportTable.Hostports}'");
                }
            }

            foreach (var comment in plan.DnatComments())
            {
                if (!rules.Any(r => r.Chain == HostportTable.Hostports && r.Comment == comment))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Hostports} has no rule \"{comment}\"");
                }
            }

            if (plan.Masquerade && !rules.Any(r => r.Chain == HostportTable.Postrouting && r.Comment == HostportComment.Masq(attachment, plan.Pod)))
            {
                throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Postrouting} has no hairpin masquerade for {plan.Pod}");
            }

            if (plan.LocalhostBridge is { } bridge)
            {
                if (!rules.Any(r => r.Chain == HostportTable.Postrouting && r.Comment == HostportComment.Localhost(attachment, bridge, plan.Pod)))
                {
                    throw CheckFailed($"table {family} {HostportTable.Name}: chain {HostportTable.Postrouting} has no localhost masquerade for {plan.Pod}");
                }

                if (!rules.Any(r => r.Chain == HostportTable.Guard && r.Kind == "guard" && r.Bridge == bridge))
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
