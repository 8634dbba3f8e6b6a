using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Cni.Diagnostics;
using K8sNet.Ipam;

namespace K8sNet.Bridge.Ipam;

/// <summary>Picks the IPAM for a config: none (L2 only), host-local in-process, or a plugin from CNI_PATH.</summary>
public static class IpamSelector
{
    public const string HostLocalType = "host-local";

    public static IIpamDriver? For(CniInvocation invocation)
    {
        if (invocation.Config.Ipam is not { } section || section.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            throw CniException.InvalidConfig("ipam", $"must be an object with a \"type\", not a {section.ValueKind.ToString().ToLowerInvariant()}");
        }

        var ipam = section;

        if (!ipam.TryGetProperty("type", out var typeElement))
        {
            // "ipam": {} means no IP configuration, as in the reference.
            return ipam.EnumerateObject().Any() ? throw CniException.InvalidConfig("ipam.type", "missing") : null;
        }

        var type = typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (string.IsNullOrEmpty(type))
        {
            throw CniException.InvalidConfig("ipam.type", "must be a non-empty string");
        }

        if (type == HostLocalType)
        {
            return new InProcessHostLocal(new HostLocalPlugin(new HostLocalOptions { StepHook = FaultHooks.IpamStep }));
        }

        return new DelegatedIpam(type);
    }
}

/// <summary>host-local's store steps as crash points "ipam:&lt;step&gt;" (crash-injection builds only).</summary>
internal static class FaultHooks
{
    public static readonly Action<string>? IpamStep = FaultPoint.Hook is { } hook ? step => hook("ipam:" + step) : null;
}
