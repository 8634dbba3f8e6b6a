namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// Every CRI test class is in this one collection, so their tests run one at a time: each starts its own containerd,
/// and side by side on a 2-core CI machine they would only be slower.
/// </summary>
public static class CriCollection
{
    public const string Name = "private containerd";
}
