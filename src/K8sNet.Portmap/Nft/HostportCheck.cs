using K8sNet.Cni;
using K8sNet.Linux.Netlink;

namespace K8sNet.Portmap.Nft;

/// <summary>CHECK of the nf_tables backend: the whole path from the base chains to the attachment's elements, records and route_localnet.</summary>
internal sealed class HostportCheck(NetlinkSocket socket)
{
    /// <summary>CHECK: the entry jumps, the lookups, the attachment's elements and records (or DNAT rules), and the localhost guard.</summary>
    public void Run(Attachment attachment, IReadOnlyList<HostportPlan> plans)
    {
        foreach (var plan in plans)
        {
            var family = HostportTable.FamilyName(plan.Family);
            var table = $"table {family} {HostportTable.Name}";
            var state = HostportState.Read(socket, plan.Family, attachment.Key, shared: true);
            foreach (var chain in new[] { HostportTable.Prerouting, HostportTable.Output })
            {
                if (!state.Rules(chain).Any(r => r.IsEntry))
                {
                    throw CheckFailed($"{table}: base chain {chain} is missing or has no 'fib daddr type local jump {HostportTable.Hostports}'");
                }
            }

            if (state.Rules(HostportTable.Hostports).Count(r => r.IsLookup) < 4)
            {
                throw CheckFailed($"{table}: chain {HostportTable.Hostports} lacks a lookup in @{HostportTable.PortsByAddress}, @{HostportTable.DnatByAddress}, @{HostportTable.PortsAny} or @{HostportTable.DnatAny}");
            }

            var withConditions = plan.Conditions is not null;
            var ruleChain = withConditions ? HostportTable.DnatChain(attachment.Key) : HostportTable.RecordChain(attachment.Key);
            foreach (var mapping in plan.Mappings)
            {
                var comment = HostportComment.Dnat(attachment, mapping, plan.Pod);
                if (!state.Own.Any(r => r.Chain == ruleChain && r.Comment == comment))
                {
                    throw CheckFailed($"{table}: chain {ruleChain} has no rule \"{comment}\"");
                }

                var (ports, key) = HostportElements.PortKey(mapping.Protocol, mapping.HostIpText, mapping.HostPort);
                var what = $"{mapping.Protocol} {mapping.HostIpText} {mapping.HostPort}";
                var map = withConditions ? ports : HostportTable.DataMapOf(ports);
                var element = HostportState.Element(socket, plan.Family, map, key);
                if (withConditions && element?.Jump != ruleChain)
                {
                    throw CheckFailed($"{table}: map {map} has no element {what} : jump {ruleChain}" + (element is { Jump.Length: > 0 } e ? $" (it jumps to {e.Jump})" : string.Empty));
                }

                if (!withConditions && !(element?.Datum ?? []).AsSpan().SequenceEqual(HostportElements.Datum(plan.Pod, mapping.ContainerPort)))
                {
                    throw CheckFailed($"{table}: map {map} has no element {what} : {plan.Pod} . {mapping.ContainerPort}");
                }
            }

            if (!plan.Masquerade)
            {
                continue;
            }

            if (state.Rules(HostportTable.Postrouting).Count(r => r.IsLookup) < 2)
            {
                throw CheckFailed($"{table}: chain {HostportTable.Postrouting} lacks a lookup in @{HostportTable.Hairpin} or @{HostportTable.MasqAll}");
            }

            var records = HostportTable.RecordChain(attachment.Key);
            if (!state.Own.Any(r => r.Chain == records && r.Comment == HostportComment.Masq(attachment, plan.Pod)))
            {
                throw CheckFailed($"{table}: chain {records} has no masquerade record for {plan.Pod}");
            }

            var (set, setKey) = plan.MasqueradeSource is null
                ? (HostportTable.MasqAll, plan.Pod.GetAddressBytes())
                : (HostportTable.Hairpin, HostportElements.HairpinKey(plan.Pod));
            CheckOwned(plan.Family, set, setKey, attachment.Key, $"{table}: set {set} has no element for {plan.Pod} of this attachment");
            if (plan.LocalhostBridge is { } bridge)
            {
                if (!state.Own.Any(r => r.Chain == records && r.Comment == HostportComment.Localhost(attachment, bridge, plan.Pod)))
                {
                    throw CheckFailed($"{table}: chain {records} has no localhost record for {plan.Pod}");
                }

                CheckOwned(plan.Family, HostportTable.LocalhostSet(bridge), plan.Pod.GetAddressBytes(), attachment.Key,
                    $"{table}: set {HostportTable.LocalhostSet(bridge)} has no element {plan.Pod} of this attachment");
                if (!state.Rules(HostportTable.Postrouting).Any(r => r.Kind == "localnet" && r.Bridge == bridge))
                {
                    throw CheckFailed($"{table}: chain {HostportTable.Postrouting} has no localhost masquerade for bridge {bridge}");
                }

                if (!state.Rules(HostportTable.Guard).Any(r => r.Kind == "guard" && r.Bridge == bridge))
                {
                    throw CheckFailed($"{table}: chain {HostportTable.Guard} has no 127.0.0.0/8 drop for bridge {bridge}");
                }

                if (!NodeView.RouteLocalnetOn(bridge))
                {
                    throw CheckFailed($"{NodeView.RouteLocalnetKey(bridge)} is not 1: 127.0.0.1:hostPort cannot reach the pod");
                }
            }
        }
    }

    private void CheckOwned(byte family, string set, byte[] key, string owner, string failure)
    {
        if (HostportState.Element(socket, family, set, key)?.Comment != owner)
        {
            throw CheckFailed(failure);
        }
    }

    private static CniException CheckFailed(string message) => new(CniErrorCode.CheckFailed, message);
}
