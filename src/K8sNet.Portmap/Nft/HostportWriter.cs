using System.Net;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Nft;

/// <summary>ADD's writes of one attachment in one family: its chains, rules and map elements, replacing what it had.</summary>
internal static class HostportWriter
{
    /// <summary>The attachment's chains, rules and map elements, replacing what it had (elements it keeps stay).</summary>
    public static void WriteOwn(NetlinkSocket socket, NetlinkWriter batch, Attachment attachment, HostportPlan plan, HostportState state)
    {
        var family = plan.Family;
        var dnatChain = HostportTable.DnatChain(attachment.Key);
        var masqChain = HostportTable.MasqChain(attachment.Key);
        var oldPorts = HostportRemoval.PortKeys(state.Own);
        var newPorts = plan.Mappings.Select(m => HostportElements.PortKey(m.Protocol, m.HostIpText, m.HostPort)).DistinctBy(Text).ToList();
        foreach (var old in oldPorts.Where(o => !newPorts.Any(n => Text(n) == Text(o))))
        {
            HostportElements.DeleteElement(batch, family, old.Map, old.Key);
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

            HostportElements.DeleteElement(batch, family, HostportTable.MasqueradeMap, pod);
        }

        if (newPod is not null && !keepPod && HostportState.ElementJump(socket, family, HostportTable.MasqueradeMap, newPod) is not null)
        {
            HostportElements.DeleteElement(batch, family, HostportTable.MasqueradeMap, newPod);
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
            HostportElements.CreateElement(batch, family, port.Map, port.Key, dnatChain);
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
            HostportElements.CreateElement(batch, family, HostportTable.MasqueradeMap, plan.Pod.GetAddressBytes(), masqChain);
        }
    }

    private static string Text((string Map, byte[] Key) element) => element.Map + Convert.ToHexString(element.Key);
}
