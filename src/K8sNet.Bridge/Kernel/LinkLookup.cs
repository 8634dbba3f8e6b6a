using K8sNet.Linux;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Kernel;

public static class LinkLookup
{
    public static Link? TryByIndex(RouteNetlink netlink, int index)
    {
        try
        {
            return netlink.GetLinkByIndex(index);
        }
        catch (LinkNotFoundException)
        {
            return null;
        }
    }
}
