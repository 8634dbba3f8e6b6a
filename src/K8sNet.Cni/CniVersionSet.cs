namespace K8sNet.Cni;

/// <summary>
/// The spec versions one plugin speaks, oldest first: what its VERSION prints and which configs it accepts. The bridge
/// and host-local start at 0.3.0 (their results need the <c>ips</c> list); loopback speaks every version, like the
/// reference's, because runtimes still call it with 0.1.0 (kubenet) and 0.3.1 (containerd).
/// </summary>
public sealed class CniVersionSet
{
    /// <summary>0.3.0 to 1.1.0: the bridge and host-local.</summary>
    public static readonly CniVersionSet FromV030 = new(CniVersion.Supported, CniVersion.SupportedStrings);

    /// <summary>0.1.0 to 1.1.0: every published spec version.</summary>
    public static readonly CniVersionSet All = new(
        [CniVersion.V010, CniVersion.V020, .. CniVersion.Supported],
        ["0.1.0", "0.2.0", .. CniVersion.SupportedStrings]);

    private CniVersionSet(IReadOnlyList<CniVersion> versions, string[] strings)
    {
        Versions = versions;
        Strings = strings;
    }

    public IReadOnlyList<CniVersion> Versions { get; }

    /// <summary>The same, as VERSION prints them.</summary>
    public IReadOnlyList<string> Strings { get; }

    public bool Contains(CniVersion version) => Versions.Contains(version);

    /// <summary>Parses a config's <c>cniVersion</c> and refuses (code 1) any version not in this set.</summary>
    public CniVersion Parse(string? text)
    {
        if (!CniVersion.TryParse(text, out var version) || !Contains(version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"incompatible CNI versions: config is \"{text}\", plugin supports [{string.Join(", ", Strings)}]",
                $"supported versions: {string.Join(", ", Strings)}");
        }

        return version;
    }
}
