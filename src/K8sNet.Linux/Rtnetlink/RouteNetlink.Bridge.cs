namespace K8sNet.Linux.Rtnetlink;

/// <summary>Bridge ports and VLANs. Target descriptions are concatenated, not interpolated (see <see cref="Dev"/>).</summary>
public sealed partial class RouteNetlink
{
    /// <summary>
    /// Equivalent to: bridge link set dev #PORT hairpin on|off isolated on|off learning on|off (null = leave as is).
    /// The link must already be a bridge port (EOPNOTSUPP/EINVAL otherwise).
    /// </summary>
    public void SetBridgePortFlags(int portIndex, bool? hairpin = null, bool? isolated = null, bool? learning = null) =>
        ExecuteOnLink(w => BridgeRequests.SetPortFlags(w, portIndex, hairpin, isolated, learning), "bridge link set",
            string.Concat(Dev(portIndex), Flag(" hairpin", hairpin), Flag(" isolated", isolated), Flag(" learning", learning)));

    /// <summary>Equivalent to: ip link set dev #BRIDGE type bridge vlan_filtering 0|1.</summary>
    public void SetBridgeVlanFiltering(int bridgeIndex, bool enabled) =>
        ExecuteOnLink(w => BridgeRequests.SetVlanFiltering(w, bridgeIndex, enabled), "ip link set",
            Dev(bridgeIndex) + (enabled ? " type bridge vlan_filtering 1" : " type bridge vlan_filtering 0"));

    /// <summary>Equivalent to: bridge vlan add dev #PORT vid VID [pvid] [untagged].</summary>
    public void AddBridgeVlan(int portIndex, ushort vlanId, bool pvid = false, bool untagged = false) =>
        ExecuteOnLink(w => BridgeRequests.PortVlan(w, portIndex, vlanId, pvid, untagged, delete: false), "bridge vlan add",
            string.Concat("dev ", Dev(portIndex), " vid ", vlanId.ToString(), pvid ? " pvid" : "", untagged ? " untagged" : ""));

    /// <summary>Equivalent to: bridge vlan add dev #PORT vid A-B for every range (tagged), in one request.</summary>
    public void AddBridgeVlans(int portIndex, IReadOnlyList<BridgeVlanRange> ranges) =>
        ExecuteOnLink(w => BridgeRequests.PortVlanRanges(w, portIndex, ranges), "bridge vlan add",
            string.Concat("dev ", Dev(portIndex), " vid ", string.Join(',', ranges)));

    /// <summary>Equivalent to: bridge vlan del dev #PORT vid VID.</summary>
    public void DeleteBridgeVlan(int portIndex, ushort vlanId) =>
        ExecuteOnLink(w => BridgeRequests.PortVlan(w, portIndex, vlanId, false, false, delete: true), "bridge vlan del",
            string.Concat("dev ", Dev(portIndex), " vid ", vlanId.ToString()));

    private static string Flag(string name, bool? value) => value is { } on ? $"{name} {(on ? "on" : "off")}" : string.Empty;
}
