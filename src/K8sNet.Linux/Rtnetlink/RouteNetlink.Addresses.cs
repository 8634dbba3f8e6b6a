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

    /// <summary>
    /// Equivalent to: ip [-4|-6] addr show [dev #INDEX]. For one device the kernel is asked to dump that device only
    /// (strict dump checks, switched on for this request): an unfiltered dump walks every device, and a node has one
    /// host veth per pod, so ADD's gateway check would grow with the pods on the node.
    /// </summary>
    public List<InterfaceAddress> ListAddresses(int? index = null, AddressFamily family = AddressFamily.Unspecified)
    {
        var familyCode = RouteParser.FamilyOf(family);
        if (index is not { } wanted)
        {
            return Dump<InterfaceAddress>(w => AddressRequests.Dump(w, familyCode), InterfaceAddress.TryParse, "ip addr show", "in " + Namespace);
        }

        var strict = _socket.TrySetStrictDumpChecks(true);
        try
        {
            var all = Dump<InterfaceAddress>(w => AddressRequests.Dump(w, familyCode, strict ? wanted : 0), InterfaceAddress.TryParse, "ip addr show",
                $"dev {Dev(wanted)} in {Namespace}");
            all.RemoveAll(a => a.Index != wanted);
            return all;
        }
        catch (ErrnoException ex) when (strict && ex.Errno == Errno.ENODEV)
        {
            return []; // the device is gone: as the unfiltered dump would say, it has no addresses
        }
        finally
        {
            if (strict)
            {
                _socket.TrySetStrictDumpChecks(false);
            }
        }
    }
}
