using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;

namespace K8sNet.Bridge.Kernel;

/// <summary>Opens CNI_NETNS, turning "not there" and "not a network namespace" into clear CNI errors.</summary>
public static class PodNetns
{
    public static NetNs Open(string path)
    {
        try
        {
            return NetNs.Open(path);
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS: failed to open netns \"{path}\": {ex.Message}", inner: ex);
        }
        catch (ArgumentException ex)
        {
            // A regular file, a directory or another kind of namespace (NetNs.Open checks nsfs and the type).
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS: {ex.Message}", inner: ex);
        }
    }

    /// <summary>For DEL: null when the namespace is already gone (nothing left to remove inside it).</summary>
    public static NetNs? TryOpen(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            return NetNs.Open(path);
        }
        catch (Exception ex) when (ex is ErrnoException or ArgumentException)
        {
            return null;
        }
    }
}
