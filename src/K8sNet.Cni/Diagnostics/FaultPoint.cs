using System.Diagnostics;

namespace K8sNet.Cni.Diagnostics;

/// <summary>
/// Named points where a crash-injection build kills itself (SIGKILL) when K8SNET_CRASH_AT names the point, to prove
/// that a plugin killed at any step leaves nothing that DEL or GC cannot clean. Calls are compiled away unless the
/// build defines K8SNET_FAULT_INJECTION (scripts/crash.sh builds such a binary separately); the release binary
/// contains none of this.
/// </summary>
public static class FaultPoint
{
    public const string EnvironmentVariable = "K8SNET_CRASH_AT";

    /// <summary>A hook for libraries that take one (host-local's store steps); null in release builds.</summary>
    public static Action<string>? Hook =>
#if K8SNET_FAULT_INJECTION
        name => Reached(name);
#else
        null;
#endif

    [Conditional("K8SNET_FAULT_INJECTION")]
    public static void Reached(string name)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) == name)
        {
            Process.GetCurrentProcess().Kill();
        }
    }
}
