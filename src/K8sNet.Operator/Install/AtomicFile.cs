namespace K8sNet.Operator.Install;

/// <summary>
/// Replaces a file so readers see the old or the new content, never a part: write a temp file in the same directory,
/// fsync it, rename(2) over the target. A runtime reading /etc/cni/net.d or exec'ing /opt/cni/bin mid-install is safe;
/// renaming over a running binary is fine on Linux (the old inode lives until its last user exits).
/// </summary>
public static class AtomicFile
{
    public static void Write(string target, byte[] content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.k8snet-{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temp, mode);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Points <paramref name="target"/> at <paramref name="linkTo"/> the same way: a temp symlink renamed over it.</summary>
    public static void Symlink(string target, string linkTo)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.k8snet-{Environment.ProcessId}.tmp");
        File.Delete(temp);
        try
        {
            File.CreateSymbolicLink(temp, linkTo);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
