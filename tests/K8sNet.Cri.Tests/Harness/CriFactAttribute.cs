using System.Runtime.CompilerServices;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// A root fact that also needs what the CRI node runs: containerd (with ctr), runc, clang for the pause image and
/// nsenter. Skipped with the reason where one is missing (scripts/deps.sh installs them), never counted as passed.
/// Pair with <c>[Trait("Category", "RequiresRoot")]</c>.
/// </summary>
public sealed class CriFactAttribute : FactAttribute
{
    private static readonly string[] Programs = ["containerd", "containerd-shim-runc-v2", "ctr", "runc", "clang", "nsenter"];

    public CriFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!Privileges.CanUseNetNs)
        {
            Skip = Privileges.WhyNot;
            return;
        }

        var missing = Programs.Where(p => Command.Which(p) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"needs {string.Join(", ", missing)} (scripts/deps.sh installs containerd, runc and clang)";
        }
    }
}
