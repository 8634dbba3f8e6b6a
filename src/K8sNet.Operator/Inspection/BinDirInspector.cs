using K8sNet.Operator.Install;

namespace K8sNet.Operator.Inspection;

/// <summary>One plugin in the CNI bin dir: its name, whose it is, and where it points if it is a symlink.</summary>
public sealed record BinaryRow(string Name, BinaryOwner Owner, string? SymlinkTo);

/// <summary>The CNI bin dir as inspect shows it: the plugins there, and which of them are k8snet (see <see cref="K8sNetBinary"/>).</summary>
public static class BinDirInspector
{
    /// <summary>The directory's plugins by name (hidden files, such as install's temp files, left out); null when it does not exist.</summary>
    public static IReadOnlyList<BinaryRow>? Read(string binDir, ReadOnlySpan<byte> ours)
    {
        if (!Directory.Exists(binDir))
        {
            return null;
        }

        var rows = new List<BinaryRow>();
        foreach (var path in Directory.EnumerateFileSystemEntries(binDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var info = new FileInfo(path);
            if (name.StartsWith('.') || (info.LinkTarget is null && (info.Attributes & FileAttributes.Directory) != 0))
            {
                continue;
            }

            rows.Add(new BinaryRow(name, K8sNetBinary.OwnerOf(path, ours), info.LinkTarget));
        }

        return rows;
    }
}
