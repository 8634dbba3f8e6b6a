using System.Runtime.InteropServices;

namespace K8sNet.Masquerade.Nftables;

#pragma warning disable CA1707, IDE1006 // C member names kept verbatim
/// <summary>
/// /usr/include/linux/netfilter/nfnetlink.h:
/// struct nfgenmsg { __u8 nfgen_family; __u8 version; __be16 res_id; };
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NfGenMsg
{
    public byte nfgen_family;
    public byte version;
    public ushort res_id; // big-endian on the wire
}
#pragma warning restore CA1707, IDE1006
