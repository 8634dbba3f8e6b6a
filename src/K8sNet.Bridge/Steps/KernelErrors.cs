using K8sNet.Cni;
using K8sNet.Linux;

namespace K8sNet.Bridge.Steps;

/// <summary>Turns kernel failures into CNI errors that say which step failed on which object.</summary>
public static class KernelErrors
{
    public static T Run<T>(string step, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ErrnoException ex)
        {
            throw new CniException(CniErrorCode.KernelFailure, $"{step}: {ex.Message}", inner: ex);
        }
    }

    public static void Run(string step, Action action) => Run(step, () =>
    {
        action();
        return true;
    });
}
