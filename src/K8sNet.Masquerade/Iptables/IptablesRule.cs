namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// One rule of the nat table: its chain and its spec exactly as <c>iptables -S</c> prints it (the form
/// iptables-restore reads after <c>-A</c>, <c>-D</c> or <c>-C</c> and the chain).
/// </summary>
public sealed record IptablesRule(string Chain, string Spec)
{
    public string Line(char command) => $"-{command} {Chain} {Spec}";

    /// <summary>The equivalent single command, for messages an operator can paste.</summary>
    public string Describe(IptablesFamily family) => $"{family.Iptables} -t nat {Line('A')}";
}
