using System.Runtime.CompilerServices;
using Xunit;

namespace K8sNet.Testing;

/// <summary>
/// A fact that needs root and network namespaces. It is skipped, with the reason, where they are not available,
/// so the unit tier runs anywhere. Pair with <c>[Trait("Category", "RequiresRoot")]</c>.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!Privileges.CanUseNetNs)
        {
            Skip = Privileges.WhyNot;
        }
    }
}

/// <summary>The theory twin of <see cref="RootFactAttribute"/>.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!Privileges.CanUseNetNs)
        {
            Skip = Privileges.WhyNot;
        }
    }
}
