using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>
/// A directory outside the node's dataDir for hostile links in the lease directory to point into, built to show
/// whether the plugin touched it. Every entry's access time is set far back, so a read (relatime then updates it) or
/// a listing of the directory changes <see cref="Snapshot"/>, as does any write; a followed link to its FIFO blocks,
/// which the run's timeout turns into a failure. The snapshot only stats, so taking it changes nothing.
/// </summary>
public sealed class OutsideWitness : IDisposable
{
    public OutsideWitness()
    {
        Path = Directory.CreateTempSubdirectory("k8snet-outside-").FullName;
        File.WriteAllText(Of("lease-like"), "intruder\r\neth0");
        File.WriteAllText(Of("cursor"), "10.222.0.200");
        File.WriteAllBytes(Of("empty"), []);
        Directory.CreateDirectory(Of("dir"));
        Command.Sh($"mkfifo {Of("fifo")}");
        // An old mtime makes the empty file look like a torn lease long past its grace period.
        Command.Sh($"cd {Path} && touch -d 2000-01-01T00:00:00Z empty && touch -a -d 2000-01-01T00:00:00Z {Entries} .");
    }

    /// <summary>What the witness holds: a file that reads as a lease, a cursor value, an old empty file, a directory, a FIFO.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lease-like", "cursor", "empty", "dir", "fifo"];

    public string Path { get; }

    private static string Entries => string.Join(' ', Names);

    public string Of(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Type, size, inode and the three times of the directory and each entry (lstat; nothing is opened).</summary>
    public string Snapshot() => Command.Sh($"cd {Path} && stat -c '%n %F %s %i %X %Y %Z' . {Entries}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
