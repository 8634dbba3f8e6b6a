using System.Buffers.Binary;
using K8sNet.Linux.Rtnetlink.Wire;

namespace K8sNet.Linux.Rtnetlink;

/// <summary>Links: get, list, create, change, delete.</summary>
public sealed partial class RouteNetlink
{
    /// <summary>Equivalent to: ip -d link show dev NAME. Missing → <see cref="LinkNotFoundException"/>.</summary>
    public Link GetLinkByName(string name) =>
        GetLink(w => LinkRequests.GetByName(w, name), name);

    /// <summary>Equivalent to: ip -d link show dev NAME, but null when there is no such link.</summary>
    public Link? TryGetLinkByName(string name) =>
        TryGetLink(w => LinkRequests.GetByName(w, name), name);

    /// <summary>Equivalent to: ip -d link show (by ifindex). Missing → <see cref="LinkNotFoundException"/>.</summary>
    public Link GetLinkByIndex(int index) =>
        GetLink(w => LinkRequests.GetByIndex(w, index), Dev(index));

    /// <summary>Equivalent to: ip -d link show (by ifindex), but null when there is no such link.</summary>
    public Link? TryGetLinkByIndex(int index) =>
        TryGetLink(w => LinkRequests.GetByIndex(w, index), Dev(index));

    /// <summary>Equivalent to: ip -d link show.</summary>
    public List<Link> ListLinks() =>
        Dump<Link>(LinkRequests.Dump, LinkParser.TryParse, "ip link show", "in " + Namespace);

    /// <summary>Equivalent to: ip link add NAME [mtu M] [address MAC] type bridge [vlan_filtering 0|1]. Exists → EEXIST.</summary>
    public Link CreateBridge(string name, int? mtu = null, bool? vlanFiltering = null, MacAddress? mac = null)
    {
        ExecuteOnLink(w => LinkRequests.CreateBridge(w, name, mtu, vlanFiltering, mac), "ip link add", $"{name} type bridge");
        return GetLinkByName(name);
    }

    /// <summary>
    /// Equivalent to: ip link add NAME type veth peer name PEER netns PEERNS (one request; see <see cref="VethSpec"/>).
    /// Returns the end created in this handle's netns. EEXIST means either name is taken in its namespace.
    /// </summary>
    public Link CreateVeth(VethSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var peerWhere = spec.PeerNetNs is null ? string.Empty : $" in {spec.PeerNetNs.Path}";
        ExecuteOnLink(w => LinkRequests.CreateVeth(w, spec), "ip link add",
            $"{spec.Name} type veth peer {spec.PeerName}{peerWhere}");
        return GetLinkByName(spec.Name);
    }

    /// <summary>Equivalent to: ip link del dev NAME. Missing → <see cref="LinkNotFoundException"/>.</summary>
    public void DeleteLink(string name) =>
        ExecuteOnLink(w => LinkRequests.DeleteByName(w, name), "ip link del", name);

    /// <summary>Equivalent to: ip link del dev #INDEX. Missing → <see cref="LinkNotFoundException"/>.</summary>
    public void DeleteLink(int index) =>
        ExecuteOnLink(w => LinkRequests.DeleteByIndex(w, index), "ip link del", Dev(index));

    /// <summary>Equivalent to: ip link set dev #INDEX up.</summary>
    public void SetUp(int index) => SetFlags(index, Rtnl.IFF_UP, Rtnl.IFF_UP, "up");

    /// <summary>Equivalent to: ip link set dev #INDEX down.</summary>
    public void SetDown(int index) => SetFlags(index, 0, Rtnl.IFF_UP, "down");

    /// <summary>Equivalent to: ip link set dev #INDEX promisc on|off.</summary>
    public void SetPromiscuous(int index, bool on) =>
        SetFlags(index, on ? Rtnl.IFF_PROMISC : 0, Rtnl.IFF_PROMISC, on ? "promisc on" : "promisc off");

    /// <summary>Equivalent to: ip link set dev #INDEX mtu MTU.</summary>
    public void SetMtu(int index, int mtu) => SetU32(index, Rtnl.IFLA_MTU, (uint)mtu, "mtu " + mtu.ToString());

    /// <summary>Equivalent to: ip link set dev #INDEX master #MASTER (0 = nomaster).</summary>
    public void SetMaster(int index, int masterIndex) =>
        SetU32(index, Rtnl.IFLA_MASTER, (uint)masterIndex, masterIndex == 0 ? "nomaster" : "master " + Dev(masterIndex));

    /// <summary>Equivalent to: ip link set dev #INDEX address MAC.</summary>
    public void SetMac(int index, MacAddress mac) =>
        ExecuteOnLink(w => LinkRequests.SetAttribute(w, index, Rtnl.IFLA_ADDRESS, mac.GetBytes()), "ip link set",
            $"{Dev(index)} address {mac.ToString()}");

    /// <summary>
    /// Equivalent to: sysctl net.ipv4.conf.IF.arp_notify=1 in the socket's namespace — through netlink, so no thread
    /// has to enter a pod's namespace for it.
    /// </summary>
    public void SetArpNotify(int index, bool on) =>
        ExecuteOnLink(w => LinkRequests.SetIPv4DevConf(w, index, Rtnl.IPV4_DEVCONF_ARP_NOTIFY, on ? 1u : 0u), "ip link set", Dev(index) + (on ? " arp_notify 1" : " arp_notify 0"));

    /// <summary>Equivalent to: ip link set dev #INDEX alias ALIAS (IFALIASZ: at most 255 bytes).</summary>
    public void SetAlias(int index, string alias)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(alias);
        if (bytes.Length > 255)
        {
            throw new ArgumentException($"alias of {bytes.Length} bytes is longer than the kernel's 255", nameof(alias));
        }

        ExecuteOnLink(w => LinkRequests.SetAttribute(w, index, Rtnl.IFLA_IFALIAS, bytes), "ip link set", $"{Dev(index)} alias {alias}");
    }

    /// <summary>The link, or null for ENODEV, without throwing for the missing link (ADD asks this on every run).</summary>
    private Link? TryGetLink(Action<Netlink.NetlinkWriter> build, string target) => FindLink(build, target, out _);

    private Link GetLink(Action<Netlink.NetlinkWriter> build, string target) =>
        FindLink(build, target, out var missing)
        ?? throw new LinkNotFoundException(missing!.Operation, missing.Target, missing.KernelMessage);

    /// <summary>The link; or null, with the kernel's ENODEV in <paramref name="missing"/>; any other error is thrown.</summary>
    private Link? FindLink(Action<Netlink.NetlinkWriter> build, string target, out ErrnoException? missing)
    {
        Link? found = null;
        var failure = TryExecute(build, "ip link show", target, reply =>
        {
            if (LinkParser.TryParse(reply, out var link))
            {
                found = link;
            }
        });
        missing = failure;
        if (failure is null)
        {
            return found ?? throw new ErrnoException(Errno.EIO, "ip link show", target, "the kernel acknowledged without describing the link");
        }

        return failure.Errno == Errno.ENODEV ? null : throw failure;
    }

    private void SetFlags(int index, uint flags, uint change, string what) =>
        ExecuteOnLink(w => LinkRequests.SetFlags(w, index, flags, change), "ip link set", $"{Dev(index)} {what}");

    private void SetU32(int index, ushort type, uint value, string what)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        var copy = bytes.ToArray();
        ExecuteOnLink(w => LinkRequests.SetAttribute(w, index, type, copy), "ip link set", $"{Dev(index)} {what}");
    }

    /// <summary>
    /// How messages name a device by index. Concatenated, not interpolated: an interpolation with a number in it rents
    /// from the shared ArrayPool, and the pool's first spill to its per-core lists runs a processor-id timing loop
    /// (~0.3 ms measured per ADD). The success path of a plugin run builds these descriptions but never shows them.
    /// </summary>
    private static string Dev(int index) => "#" + index.ToString();
}
