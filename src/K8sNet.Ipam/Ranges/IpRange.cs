namespace K8sNet.Ipam.Ranges;

/// <summary>
/// One validated range of a range set (reference range.go after <c>Canonicalize</c>): subnet, inclusive start and end,
/// and the gateway, which is returned with each address but never handed out.
/// </summary>
public sealed record IpRange(IpValue Network, int Prefix, IpValue Start, IpValue End, IpValue Gateway)
{
    public bool IsV6 => Network.IsV6;

    public string Subnet => $"{Network.ToString()}/{Prefix.ToString()}";

    public bool InSubnet(IpValue ip) =>
        ip.IsV6 == IsV6 && (ip.Value & Network.Mask(Prefix)) == Network.Value;

    /// <summary>True when the address is inside the subnet and between start and end (reference <c>Range.Contains</c>).</summary>
    public bool Contains(IpValue ip) => InSubnet(ip) && ip >= Start && ip <= End;

    /// <summary>Same family and one range holds an end of the other (reference <c>Range.Overlaps</c>).</summary>
    public bool Overlaps(IpRange other) =>
        IsV6 == other.IsV6
        && (Contains(other.Start) || Contains(other.End) || other.Contains(Start) || other.Contains(End));

    /// <summary>"10.0.0.2-10.0.0.254", how exhaustion errors name a range.</summary>
    public string Span => $"{Start}-{End}";

    public override string ToString() => $"{Subnet} ({Span}, gateway {Gateway})";
}
