using System.Net;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Nft;

/// <summary>
/// ADD's writes of one attachment in one family, replacing what it had (what it keeps stays): its port elements,
/// its masquerade elements, its record chain and, with conditions, its DNAT chain.
/// </summary>
internal static class HostportWriter
{
    public static void WriteOwn(NetlinkSocket socket, NetlinkWriter batch, Attachment attachment, HostportPlan plan, HostportState state, ref uint setId)
    {
        var family = plan.Family;
        var key = attachment.Key;
        // The DNAT chain of an attachment with conditions exists before its elements jump to it, and goes only after
        // the elements that jumped to it.
        var dnatChain = HostportTable.DnatChain(key);
        if (plan.Conditions is not null)
        {
            ReplaceChain(batch, family, dnatChain, state);
            foreach (var mapping in plan.Mappings)
            {
                HostportMessages.Dnat(batch, family, dnatChain, mapping, plan.Pod, plan.Conditions, HostportComment.Dnat(attachment, mapping, plan.Pod));
            }
        }

        WritePorts(socket, batch, attachment, plan, state);
        if (plan.Conditions is null && state.HasOwn(dnatChain))
        {
            HostportMessages.DeleteChain(batch, family, dnatChain);
        }

        if (plan.LocalhostBridge is { } bridge && !state.Rules(HostportTable.Guard).Any(r => r.Kind == "guard" && r.Bridge == bridge))
        {
            // A bridge's guard, localhost set and masquerade come and go together (its first and last localhost mapping).
            if (!state.Has(HostportTable.Guard))
            {
                HostportMessages.GuardChain(batch);
            }

            HostportMessages.Guard(batch, bridge);
            HostportMaps.LocalhostSet(batch, bridge, ref setId);
            HostportMaps.LocalhostLookup(batch, bridge);
        }

        WriteMasquerade(socket, batch, key, plan, state);
        WriteRecords(batch, attachment, plan, state);
    }

    /// <summary>
    /// The attachment's port elements: without conditions (pod . port) in a data map, with them a jump to its DNAT
    /// chain in a verdict map. A key another attachment holds in the same map fails the transaction (NLM_F_EXCL); one
    /// it holds in the other kind of map is looked up first.
    /// </summary>
    private static void WritePorts(NetlinkSocket socket, NetlinkWriter batch, Attachment attachment, HostportPlan plan, HostportState state)
    {
        var family = plan.Family;
        var oldPorts = HostportRemoval.PortElements(state.Own);
        var newPorts = plan.Mappings.Select(m =>
        {
            var (ports, key) = HostportElements.PortKey(m.Protocol, m.HostIpText, m.HostPort);
            return plan.Conditions is null
                ? new PortElement(HostportTable.DataMapOf(ports), key, HostportElements.Datum(plan.Pod, m.ContainerPort))
                : new PortElement(ports, key, null);
        }).DistinctBy(p => p.Map + Convert.ToHexString(p.Key)).ToList();

        foreach (var old in oldPorts.Where(o => !newPorts.Any(n => n.Same(o))))
        {
            HostportElements.DeleteElement(batch, family, old.Map, old.Key);
        }

        foreach (var port in newPorts.Where(n => !oldPorts.Any(o => o.Same(n))))
        {
            var other = port.Datum is null ? HostportTable.DataMapOf(port.Map) : HostportTable.PortsMapOf(port.Map);
            if (!oldPorts.Any(o => o.Map == other && o.Key.AsSpan().SequenceEqual(port.Key)) && HostportState.Element(socket, family, other, port.Key) is not null)
            {
                NftHostportBackend.RefuseTaken(socket, attachment, [plan]);
            }

            if (port.Datum is null)
            {
                HostportElements.CreateElement(batch, family, port.Map, port.Key, HostportTable.DnatChain(attachment.Key));
            }
            else
            {
                HostportElements.CreateDataElement(batch, family, port.Map, port.Key, port.Datum);
            }
        }
    }

    /// <summary>
    /// The pod's masquerade elements, each carrying the attachment's key: hairpin (pod . pod) or masqAll (pod), and
    /// the bridge's localhost set. One another attachment holds for this address is taken over: IPAM gave the address
    /// to this pod, so that attachment is gone (its DEL never ran; its own DEL or GC later leaves this element alone).
    /// </summary>
    private static void WriteMasquerade(NetlinkSocket socket, NetlinkWriter batch, string key, HostportPlan plan, HostportState state)
    {
        var family = plan.Family;
        var wanted = new List<OwnedElement>();
        if (plan.Masquerade)
        {
            wanted.Add(plan.MasqueradeSource is null
                ? new OwnedElement(HostportTable.MasqAll, plan.Pod.GetAddressBytes())
                : new OwnedElement(HostportTable.Hairpin, HostportElements.HairpinKey(plan.Pod)));
            if (plan.LocalhostBridge is { } bridge)
            {
                wanted.Add(new OwnedElement(HostportTable.LocalhostSet(bridge), plan.Pod.GetAddressBytes()));
            }
        }

        foreach (var had in HostportRemoval.OwnedElements(socket, family, state.Own, key).Where(h => !wanted.Any(w => w.Same(h))))
        {
            HostportElements.DeleteElement(batch, family, had.Set, had.Key);
        }

        foreach (var element in wanted)
        {
            var existing = HostportState.Element(socket, family, element.Set, element.Key);
            if (existing?.Comment == key)
            {
                continue;
            }

            if (existing is not null)
            {
                HostportElements.DeleteElement(batch, family, element.Set, element.Key);
            }

            HostportElements.CreateOwnedElement(batch, family, element.Set, element.Key, key);
        }
    }

    /// <summary>The record chain: what the attachment has, one counter rule per thing, for CHECK, DEL, GC and inspect.</summary>
    private static void WriteRecords(NetlinkWriter batch, Attachment attachment, HostportPlan plan, HostportState state)
    {
        var records = new List<string>();
        if (plan.Conditions is null)
        {
            records.AddRange(plan.Mappings.Select(m => HostportComment.Dnat(attachment, m, plan.Pod)));
        }

        if (plan.Masquerade)
        {
            records.Add(HostportComment.Masq(attachment, plan.Pod));
            if (plan.LocalhostBridge is { } bridge)
            {
                records.Add(HostportComment.Localhost(attachment, bridge, plan.Pod));
            }
        }

        var chain = HostportTable.RecordChain(attachment.Key);
        if (records.Count == 0)
        {
            if (state.HasOwn(chain))
            {
                HostportMessages.DeleteChain(batch, plan.Family, chain);
            }

            return;
        }

        ReplaceChain(batch, plan.Family, chain, state);
        foreach (var record in records)
        {
            HostportMessages.Record(batch, plan.Family, chain, record);
        }
    }

    /// <summary>
    /// Flushes the attachment's chain, or adds it when it has none: "add chain" on an existing chain is an update whose
    /// transaction is freed after an RCU grace period, which the closing socket waits for (10-15 ms).
    /// </summary>
    private static void ReplaceChain(NetlinkWriter batch, byte family, string chain, HostportState state)
    {
        if (state.HasOwn(chain))
        {
            HostportMessages.FlushChain(batch, family, chain);
        }
        else
        {
            HostportMessages.Chain(batch, family, chain);
        }
    }
}

/// <summary>A port element: its map, key, and datum (null for a jump element of the verdict maps).</summary>
internal sealed record PortElement(string Map, byte[] Key, byte[]? Datum)
{
    public bool Same(PortElement other) =>
        Map == other.Map && Key.AsSpan().SequenceEqual(other.Key) && (Datum ?? []).AsSpan().SequenceEqual(other.Datum ?? []);
}

/// <summary>A masquerade element an attachment owns (its key in the element's comment).</summary>
internal sealed record OwnedElement(string Set, byte[] Key)
{
    public bool Same(OwnedElement other) => Set == other.Set && Key.AsSpan().SequenceEqual(other.Key);
}
