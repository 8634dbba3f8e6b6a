using K8sNet.Cni;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Config;

/// <summary>One vlanTrunk entry as written: <c>{"id": N}</c>, <c>{"minID": A, "maxID": B}</c>, or both.</summary>
public sealed record VlanTrunkEntry(int? Id, int? MinId, int? MaxId);

/// <summary>
/// The reference's <c>collectVlanTrunk</c> (plugins/main/bridge/bridge.go): every id and range checked with its
/// rules and messages, then the union as sorted, merged ranges (the reference sends one netlink request per id;
/// ranges let a trunk of thousands of VLANs go in one request).
/// </summary>
public static class VlanTrunk
{
    public const int MaxId = 4094;

    /// <summary>The VLANs of the trunk; empty when the entries name none (the bridge still filters VLANs).</summary>
    public static IReadOnlyList<BridgeVlanRange> Collect(IReadOnlyList<VlanTrunkEntry> entries)
    {
        var wanted = new bool[MaxId + 1];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var field = $"vlanTrunk[{i}]";
            switch (entry.MinId, entry.MaxId)
            {
                case ({ } min, { } max):
                    Require(min is > 0 and <= MaxId, field, "incorrect trunk minID parameter", $"minID {min}");
                    Require(max is > 0 and <= MaxId, field, "incorrect trunk maxID parameter", $"maxID {max}");
                    Require(max >= min, field, "minID is greater than maxID in trunk parameter", $"{min} > {max}");
                    Array.Fill(wanted, true, min, max - min + 1);
                    break;
                case (null, { }):
                    throw CniException.InvalidConfig(field, "minID and maxID should be configured simultaneously, minID is missing");
                case ({ }, null):
                    throw CniException.InvalidConfig(field, "minID and maxID should be configured simultaneously, maxID is missing");
            }

            if (entry.Id is { } id)
            {
                Require(id is > 0 and <= MaxId, field, "incorrect trunk id parameter", $"id {id}");
                wanted[id] = true;
            }
        }

        return Ranges(wanted);
    }

    private static List<BridgeVlanRange> Ranges(bool[] wanted)
    {
        var ranges = new List<BridgeVlanRange>();
        for (var id = 1; id <= MaxId; id++)
        {
            if (!wanted[id])
            {
                continue;
            }

            var first = id;
            while (id < MaxId && wanted[id + 1])
            {
                id++;
            }

            ranges.Add(new BridgeVlanRange((ushort)first, (ushort)id));
        }

        return ranges;
    }

    /// <summary>The reference's message first (users search for it), then the value at fault and the valid range.</summary>
    private static void Require(bool condition, string field, string referenceMessage, string value)
    {
        if (!condition)
        {
            throw CniException.InvalidConfig(field, $"{referenceMessage} ({value}; VLAN ids are 1-{MaxId})");
        }
    }
}
