using K8sNet.Masquerade.Processes;

namespace K8sNet.Bridge.Kernel;

/// <summary>The macspoofchk rules in the plugin's own (node) namespace, through the one process runner.</summary>
public static class MacSpoofCheckSelector
{
    public static MacSpoofCheck For() => new(CommandRunner.FromProcessEnvironment());
}
