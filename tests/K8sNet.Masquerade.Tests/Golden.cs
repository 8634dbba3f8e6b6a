namespace K8sNet.Masquerade.Tests;

internal static class Golden
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    /// <summary>The pod of reference-behaviour.md §2.3: network "bridge", container "abc123", 10.200.0.2/24.</summary>
    public static MasqueradeTarget DocExample(params string[] cidrs) =>
        new("bridge", "abc123", "eth0", (cidrs.Length == 0 ? ["10.200.0.2/24"] : cidrs).Select(MasqueradeAddress.Parse).ToList());

    public const string DocChain = "CNI-717908d906906cf61200f5cc";
}
