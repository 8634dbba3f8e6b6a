namespace K8sNet.Linux.Rtnetlink;

/// <summary>VLAN ids <see cref="First"/>..<see cref="Last"/> (inclusive, 1..4094) on a bridge port; one id is First == Last.</summary>
public sealed record BridgeVlanRange(ushort First, ushort Last)
{
    public bool IsSingle => First == Last;

    public override string ToString() => IsSingle ? First.ToString() : First.ToString() + "-" + Last.ToString();
}
