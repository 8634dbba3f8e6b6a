namespace K8sNet.Cni.Results;

/// <summary>
/// Shapes a result for one spec version. One switch instead of a registry: 0.3.x/0.4.0 name each IP's family,
/// 1.0.0 drops that, 1.1.0 adds interface and route fields that older readers do not know.
/// </summary>
public static class ResultConverter
{
    public static CniResult ToVersion(CniResult source, CniVersion version)
    {
        var extended = version.HasExtendedResultFields;
        return new CniResult
        {
            CniVersion = version.ToString(),
            Interfaces = source.Interfaces?.ConvertAll(i => new CniInterface
            {
                Name = i.Name,
                Mac = i.Mac,
                Sandbox = i.Sandbox,
                Mtu = extended ? i.Mtu : null,
                SocketPath = extended ? i.SocketPath : null,
                PciId = extended ? i.PciId : null,
            }),
            Ips = source.Ips?.ConvertAll(ip => new CniIpConfig
            {
                Version = version.HasIpVersionField ? FamilyOf(ip.Address) : null,
                Interface = ip.Interface,
                Address = ip.Address,
                Gateway = ip.Gateway,
            }),
            Routes = source.Routes?.ConvertAll(r => new CniRoute
            {
                Dst = r.Dst,
                Gw = r.Gw,
                Mtu = extended ? r.Mtu : null,
                AdvMss = extended ? r.AdvMss : null,
                Priority = extended ? r.Priority : null,
                Table = extended ? r.Table : null,
                Scope = extended ? r.Scope : null,
            }),
            Dns = source.Dns ?? new CniDns(),
        };
    }

    /// <summary>"6" for an IPv6 CIDR, "4" otherwise (what 0.x results carry in <c>ips[].version</c>).</summary>
    public static string FamilyOf(string address) => address.Contains(':') ? "6" : "4";
}
