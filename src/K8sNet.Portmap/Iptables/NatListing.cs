namespace K8sNet.Portmap.Iptables;

/// <summary>The output of <c>iptables -w -t nat -S</c>, as chains and "-A CHAIN …" rule lines.</summary>
public sealed class NatListing(string listing)
{
    private readonly string[] _lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool HasChain(string chain) => _lines.Contains($"-N {chain}");

    /// <summary>The rule specs (without "-A CHAIN ") of <paramref name="chain"/>.</summary>
    public IEnumerable<string> Rules(string chain)
    {
        var prefix = $"-A {chain} ";
        return _lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]);
    }

    /// <summary>The rules of <paramref name="chain"/> that jump to <paramref name="target"/>.</summary>
    public IEnumerable<string> JumpsTo(string chain, string target) =>
        Rules(chain).Where(r => r.EndsWith($" -j {target}", StringComparison.Ordinal) || r == $"-j {target}");
}
