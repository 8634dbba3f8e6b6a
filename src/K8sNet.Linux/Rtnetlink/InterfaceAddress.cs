using System.Net;
using K8sNet.Linux.Netlink;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>An address on a link, as RTM_NEWADDR reports it. Equivalent to a line of: ip addr show.</summary>
/// <param name="Flags">IFA_F_* (all 32 bits, from IFA_FLAGS when present).</param>
public sealed record InterfaceAddress(int Index, IPAddress Address, int PrefixLength, byte Scope, uint Flags, string? Label)
{
    public override string ToString() => $"{Address}/{PrefixLength}";

    /// <summary>Pure decoding of one RTM_NEWADDR message.</summary>
    public static bool TryParse(NetlinkMessage message, out InterfaceAddress address)
    {
        address = null!;
        if (message.Type != Rtnl.RTM_NEWADDR)
        {
            return false;
        }

        var header = message.ReadFixed<IfAddrMsg>();
        IPAddress? local = null, peer = null;
        uint flags = header.ifa_flags;
        string? label = null;
        var attributes = message.AttributesAfter<IfAddrMsg>();
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case Rtnl.IFA_LOCAL: local = attributes.Address; break;
                case Rtnl.IFA_ADDRESS: peer = attributes.Address; break;
                case Rtnl.IFA_FLAGS: flags = attributes.U32; break;
                case Rtnl.IFA_LABEL: label = attributes.String; break;
            }
        }

        // IPv4 puts the interface's own address in IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links);
        // IPv6 sends only IFA_ADDRESS.
        var own = local ?? peer;
        if (own is null)
        {
            return false;
        }

        address = new InterfaceAddress((int)header.ifa_index, own, header.ifa_prefixlen, header.ifa_scope, flags, label);
        return true;
    }
}
