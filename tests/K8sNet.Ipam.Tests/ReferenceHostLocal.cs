using System.Runtime.CompilerServices;
using K8sNet.Testing;

namespace K8sNet.Ipam.Tests;

/// <summary>The reference plugin (Debian containernetworking-plugins) run as a runtime would; needs no netns for IPAM.</summary>
public static class ReferenceHostLocal
{
    public const string Binary = "/usr/lib/cni/host-local";

    public static bool Installed => File.Exists(Binary);

    public static CommandResult Run(string command, string config, string id, string ifName = "eth0", string cniArgs = "") =>
        Command.Run(Binary, [], config, new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = id,
            ["CNI_NETNS"] = "/var/run/netns/ref-" + id,
            ["CNI_IFNAME"] = ifName,
            ["CNI_PATH"] = "/usr/lib/cni",
            ["CNI_ARGS"] = cniArgs,
        });
}

/// <summary>A fact that runs only where the reference host-local is installed.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!ReferenceHostLocal.Installed)
        {
            Skip = $"{ReferenceHostLocal.Binary} is not installed";
        }
    }
}
