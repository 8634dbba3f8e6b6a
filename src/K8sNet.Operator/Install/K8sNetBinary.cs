namespace K8sNet.Operator.Install;

/// <summary>Whose a plugin binary is: this very build of k8snet, another build of it, or someone else's.</summary>
public enum BinaryOwner
{
    /// <summary>Byte for byte the binary given as "ours" (the running one, or the one install copies).</summary>
    ThisBuild,

    /// <summary>A k8snet of another build: it carries <see cref="K8sNetBinary.Marker"/>.</summary>
    OtherBuild,

    /// <summary>Not k8snet (the reference plugins, another CNI's), or unreadable.</summary>
    Foreign,
}

/// <summary>
/// Tells K8sNet's binary from others in a CNI bin dir, through symlinks. Same bytes as ours is this build; otherwise
/// <see cref="Marker"/> in the file means another build of k8snet (an older install, say), which install upgrades
/// without --force; anything else is left to its owner.
/// </summary>
public static class K8sNetBinary
{
    /// <summary>The binaries a file bigger than this cannot be: none of ours is near it, and inspect reads each file.</summary>
    private const long MaxPluginBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Bytes every k8snet build carries: this literal is in the binary because the code that looks for it is. Never
    /// change them, or later builds stop recognising earlier ones.
    /// </summary>
    public static ReadOnlySpan<byte> Marker => "k8snet-cni-binary: bridge, host-local, loopback in one static executable"u8;

    public static BinaryOwner OwnerOf(string path, ReadOnlySpan<byte> ours)
    {
        byte[] content;
        try
        {
            var info = new FileInfo(path);
            var resolved = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            if (resolved is not { Exists: true } || resolved.Length > MaxPluginBytes)
            {
                return BinaryOwner.Foreign;
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return BinaryOwner.Foreign;
        }

        return content.AsSpan().SequenceEqual(ours) ? BinaryOwner.ThisBuild
            : content.AsSpan().IndexOf(Marker) >= 0 ? BinaryOwner.OtherBuild
            : BinaryOwner.Foreign;
    }
}
