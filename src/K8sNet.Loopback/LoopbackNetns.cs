using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Linux.Namespaces;

namespace K8sNet.Loopback;

/// <summary>
/// Opens CNI_NETNS for the loopback verbs. A path that cannot be opened is code 4 naming CNI_NETNS, except on DEL,
/// where a namespace that is gone (no file, or only the empty mount point left behind) means there is nothing left to
/// do. ADD and DEL refuse (code 8) to touch the plugin's own namespace: that would be the node's lo.
/// </summary>
internal static class LoopbackNetns
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
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS: {ex.Message}", inner: ex);
        }
    }

    public static NetNs OpenForChange(CniRequest request) => RefuseOwn(Open(request.NetNs), request);

    /// <summary>Null when there is no namespace to act on: CNI_NETNS empty, missing, or no longer a network namespace.</summary>
    public static NetNs? TryOpenForDel(CniRequest request)
    {
        if (string.IsNullOrEmpty(request.NetNs))
        {
            return null;
        }

        NetNs netns;
        try
        {
            netns = NetNs.Open(request.NetNs);
        }
        catch (ErrnoException ex) when (ex.Errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // A file that is not (or no longer) a network namespace: the bind mount is gone, and with it the pod's lo.
            return null;
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS: failed to open netns \"{request.NetNs}\": {ex.Message}", inner: ex);
        }

        return RefuseOwn(netns, request);
    }

    /// <summary>skel's code 8, checked before anything changes (the reference checks after) and with CNI_NETNS_OVERRIDE.</summary>
    private static NetNs RefuseOwn(NetNs netns, CniRequest request)
    {
        try
        {
            if (!OverrideSet() && IsOwn(netns))
            {
                throw new CniException(
                    CniErrorCode.InvalidNetNs,
                    $"plugin's netns and netns from CNI_NETNS should not be the same (CNI_NETNS \"{request.NetNs}\" is the plugin's own namespace)");
            }

            return netns;
        }
        catch
        {
            netns.Dispose();
            throw;
        }
    }

    private static bool IsOwn(NetNs netns)
    {
        try
        {
            using var own = NetNs.OpenCurrentThread();
            return own.IsSameNamespaceAs(netns);
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.KernelFailure, $"CNI_NETNS: cannot compare \"{netns.Path}\" with the plugin's own namespace: {ex.Message}", inner: ex);
        }
    }

    private static bool OverrideSet() =>
        Environment.GetEnvironmentVariable("CNI_NETNS_OVERRIDE") is { } value
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
