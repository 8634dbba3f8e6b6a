using K8sNet.Reliability.Tests.Infrastructure;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.LeaseDirectory;

/// <summary>What a hostile or broken lease directory can hold, planted the way a person or a broken tool would.</summary>
internal static class HostileEntries
{
    /// <summary>A run that blocks fails after this instead of stalling CI (a normal run takes milliseconds).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public const string Fifo = "a FIFO";
    public const string Dir = "a directory";
    public const string LinkToLeaseLikeFile = "a symlink to a lease-like file outside";
    public const string LinkToFifo = "a symlink to a FIFO outside";
    public const string LinkToOldEmptyFile = "a symlink to an old empty file outside";
    public const string LinkToDirectory = "a symlink to a directory outside";

    /// <summary>Puts <paramref name="kind"/> at <paramref name="path"/>, replacing whatever was there.</summary>
    public static void Plant(string kind, string path, OutsideWitness outside)
    {
        var target = kind switch
        {
            Fifo => "mkfifo",
            Dir => "mkdir",
            LinkToLeaseLikeFile => $"ln -s {outside.Of("lease-like")}",
            LinkToFifo => $"ln -s {outside.Of("fifo")}",
            LinkToOldEmptyFile => $"ln -s {outside.Of("empty")}",
            LinkToDirectory => $"ln -s {outside.Of("dir")}",
            _ => throw new ArgumentException($"unknown kind {kind}", nameof(kind)),
        };
        Command.Sh($"mkdir -p {Path.GetDirectoryName(path)} && rm -rf {path} && {target} {path}");
    }

    /// <summary>The entry itself (lstat: type, inode, link target), not what it points to.</summary>
    public static string Describe(string path) => Command.Sh($"stat -c '%F %i %N' {path}");

    /// <summary>The names in the lease directory that are addresses (leases, and whatever was planted under such a name).</summary>
    public static List<string> AddressNames(string leaseDir) =>
        [.. System.IO.Directory.EnumerateFileSystemEntries(leaseDir).Select(Path.GetFileName).OfType<string>()
            .Where(n => System.Net.IPAddress.TryParse(n, out _)).Order(StringComparer.Ordinal)];

    public static string AddressOf(BinaryReply add) =>
        add.SingleObject().GetProperty("ips")[0].GetProperty("address").GetString()!;

    /// <summary>A node whose every run is killed (and fails the test) if it blocks.</summary>
    public static ReliabilityNode NewNode() => new() { Timeout = Timeout };

    public static string LeaseDir(ReliabilityNode node) => Path.Combine(node.DataDir, "rel");
}
