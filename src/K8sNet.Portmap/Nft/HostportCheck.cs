using K8sNet.Cni;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Nft;

/// <summary>CHECK of the nf_tables backend: the whole path from the base chains to the attachment's rules and route_localnet.</summary>
internal sealed class HostportCheck(NetlinkSocket socket)
{
    /// <summary>CHECK: the entry jumps, the map lookups and elements, the attachment's DNAT and masquerade rules, and the localhost guard.</summary>
    public void Run(Attachment attachment, IReadOnlyList<HostportPlan> plans)
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

                var (map, key) = HostportElements.PortKey(mapping.Protocol, mapping.HostIpText, mapping.HostPort);
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
        HostportElements.GetElement(request, family, map, key);
        var jump = string.Empty;
        var failure = socket.TryExecute(request, "nft get element", $"{HostportTable.FamilyName(family)} {HostportTable.Name} {map}", reply => jump = HostportElements.JumpOf(reply));
        if (failure is not null || jump != chain)
        {
            throw CheckFailed($"table {HostportTable.FamilyName(family)} {HostportTable.Name}: map {map} has no element {what} : jump {chain}" + (jump.Length > 0 ? $" (it jumps to {jump})" : string.Empty));
        }
    }

    private static CniException CheckFailed(string message) => new(CniErrorCode.CheckFailed, message);
}
