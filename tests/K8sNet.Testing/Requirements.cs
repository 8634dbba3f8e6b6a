using System.Runtime.CompilerServices;
using Xunit;

namespace K8sNet.Testing;

/// <summary>
/// What a test needs beyond root, probed once per test process: a kernel feature or a binary this machine may lack.
/// A missing one makes the test show as skipped with the reason (<see cref="RequiresFactAttribute"/>), never as passed.
/// </summary>
public static class Requirements
{
    /// <summary>CONFIG_BRIDGE_VLAN_FILTERING: vlan, vlanTrunk and the VLAN gateway interface need it.</summary>
    public const string BridgeVlanFiltering = "bridge VLAN filtering";

    /// <summary>The opposite: tests of what K8sNet does when the kernel refuses VLAN filtering.</summary>
    public const string NoBridgeVlanFiltering = "no bridge VLAN filtering";

    /// <summary>The Go reference plugins (Debian containernetworking-plugins) in /usr/lib/cni.</summary>
    public const string ReferencePlugins = "reference plugins";

    public const string ReferenceBridge = "/usr/lib/cni/bridge";

    private static readonly Lazy<string?> VlanFilteringProblem = new(ProbeVlanFiltering);

    /// <summary>Null when the requirement is met, else why not (shown as the skip reason).</summary>
    public static string? WhyNot(string requirement)
    {
        if (!Privileges.CanUseNetNs)
        {
            return Privileges.WhyNot;
        }

        return requirement switch
        {
            BridgeVlanFiltering => VlanFilteringProblem.Value,
            NoBridgeVlanFiltering => VlanFilteringProblem.Value is null ? "the kernel has bridge VLAN filtering, so it cannot show its refusal" : null,
            ReferencePlugins => File.Exists(ReferenceBridge) ? null : $"needs the reference plugins ({ReferenceBridge}; scripts/deps.sh installs containernetworking-plugins)",
            _ => throw new ArgumentException($"unknown requirement '{requirement}'", nameof(requirement)),
        };
    }

    /// <summary>Asks the kernel in a throwaway namespace: a bridge created with vlan_filtering 1.</summary>
    private static string? ProbeVlanFiltering()
    {
        using var probe = TestNetNs.Create("vlanprobe");
        var result = probe.TryExec("ip link add k8tbr type bridge vlan_filtering 1");
        return result.ExitCode == 0
            ? null
            : $"kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING): 'ip link add type bridge vlan_filtering 1' answered '{result.Stderr.Trim()}'";
    }
}

/// <summary>
/// A root fact that also needs <see cref="Requirements"/>: skipped with the reason where the machine lacks it, so
/// a missing kernel feature is counted as skipped, not passed. Pair with <c>[Trait("Category", "RequiresRoot")]</c>.
/// </summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(string requirement, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (Requirements.WhyNot(requirement) is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>The theory twin of <see cref="RequiresFactAttribute"/>.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(string requirement)
    {
        if (Requirements.WhyNot(requirement) is { } why)
        {
            Skip = why;
        }
    }
}
