namespace K8sNet.Ipam.Store;

/// <summary>Directories of the store are created 0700 (parents too), whatever the umask.</summary>
internal static class PrivateDirectory
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the lease store needs Linux file semantics (flock, link)");
        }

        Directory.CreateDirectory(path, Mode);
    }
}
