using System.Net;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Netlink;
using K8sNet.Masquerade.Nftables;
using K8sNet.Portmap.Config;
using static K8sNet.Masquerade.Nftables.NfTables;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// The default backend: the hostport table over NETLINK_NETFILTER. Each verb reads the attachment's own chains and
/// the small shared ones (nothing that grows with other pods) and writes one transaction: it applies whole or not at
/// all, so a failed or killed ADD leaves nothing half-made.
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
    /// One attempt. It reads the shared chains (a few rules each), the attachment's own chains and the elements it
    /// writes, never other attachments' rules: the kernel refuses a taken (protocol, hostIP, hostPort) itself, because
    /// the mapping's map element is added with NLM_F_EXCL. Only then is the table read whole, to name the holder.
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
                HostportRemoval.Attachment(batch, state, attachment.Key, HostportRemoval.OwnedElements(socket, family, state.Own, attachment.Key));
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
                HostportMaps.MasqueradeLookups(batch, family);
            }

            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!state.Rules(chain).Any(r => r.IsEntry))
                {
                    HostportMessages.EntryJump(batch, family, chain);
                }
            }

            HostportWriter.WriteOwn(socket, batch, attachment, plan, state, ref setId);
        }

        NftMessagesBatch.End(batch);
        var failure = socket.TryExecute(batch, "nft add rule", $"hostports of {attachment.Owner}");
        if (failure is { Errno: Errno.EEXIST })
        {
            RefuseTaken(socket, attachment, plans, failure.Message);
        }

        return failure;
    }


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
    public void Check(Attachment attachment, IReadOnlyList<HostportPlan> plans) => new HostportCheck(socket).Run(attachment, plans);

    /// <summary>Every rule of the hostport tables (inspect and GC).</summary>
    public List<HostportRule> All() => HostportRuleReader.ReadBoth(socket);

    /// <summary>Throws the refusal of a taken (protocol, hostIP, hostPort), naming the attachment that holds it when its rules say.</summary>
    internal static void RefuseTaken(NetlinkSocket socket, Attachment attachment, IReadOnlyList<HostportPlan> plans, string? kernelSays = null)
    {
        var existing = HostportRuleReader.ReadBoth(socket);
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

        throw new CniException(
            CniErrorCode.AlreadyInUse,
            $"hostports of {attachment.Owner}: a host port is already mapped for another attachment" + (kernelSays is null ? string.Empty : $": {kernelSays}"));
    }
}
