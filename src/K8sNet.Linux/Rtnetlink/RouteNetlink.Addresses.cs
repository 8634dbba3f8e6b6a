using System.Net;
using System.Net.Sockets;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Addresses.</summary>
public sealed partial class RouteNetlink
{
    /// <summary>
    /// Equivalent to: ip addr add ADDR/PREFIX [brd +] dev #INDEX [nodad]. Already present → EEXIST.
    /// </summary>
    public void AddAddress(int index, IPAddress address, int prefixLength, bool noDad = false) =>
        ExecuteOnLink(w => AddressRequests.Add(w, index, address, prefixLength, noDad), "ip addr add",
            string.Concat(address.ToString(), "/", prefixLength.ToString(), " dev ", Dev(index)));

    /// <summary>Equivalent to: ip addr del ADDR/PREFIX dev #INDEX. Not present → EADDRNOTAVAIL.</summary>
    public void DeleteAddress(int index, IPAddress address, int prefixLength) =>
        ExecuteOnLink(w => AddressRequests.Delete(w, index, address, prefixLength), "ip addr del",
            string.Concat(address.ToString(), "/", prefixLength.ToString(), " dev ", Dev(index)));

    /// <summary>Equivalent to: ip [-4|-6] addr show [dev #INDEX].</summary>
    public List<InterfaceAddress> ListAddresses(int? index = null, AddressFamily family = AddressFamily.Unspecified)
    {
        var all = Dump<InterfaceAddress>(w => AddressRequests.Dump(w, RouteParser.FamilyOf(family)), InterfaceAddress.TryParse, "ip addr show",
            index is { } only ? $"dev {Dev(only)} in {Namespace}" : "in " + Namespace);
        if (index is { } wanted)
        {
            all.RemoveAll(a => a.Index != wanted);
        }

        return all;
    }
}
