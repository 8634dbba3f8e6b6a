namespace K8sNet.Cni;

/// <summary>A spec version as "major.minor.patch", ordered, with the features each version introduced.</summary>
public readonly record struct CniVersion(int Major, int Minor, int Patch) : IComparable<CniVersion>
{
    public static readonly CniVersion V010 = new(0, 1, 0);
    public static readonly CniVersion V020 = new(0, 2, 0);
    public static readonly CniVersion V030 = new(0, 3, 0);
    public static readonly CniVersion V031 = new(0, 3, 1);
    public static readonly CniVersion V040 = new(0, 4, 0);
    public static readonly CniVersion V100 = new(1, 0, 0);
    public static readonly CniVersion V110 = new(1, 1, 0);

    /// <summary>What the bridge and host-local speak, oldest first: the list their VERSION prints (see <see cref="CniVersionSet"/>).</summary>
    public static readonly IReadOnlyList<CniVersion> Supported = [V030, V031, V040, V100, V110];

    public static readonly string[] SupportedStrings = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public static CniVersion Latest => V110;

    /// <summary>Results list <c>interfaces</c> and <c>ips</c> from 0.3.0 on; 0.1.0/0.2.0 have one <c>ip4</c> and one <c>ip6</c> object.</summary>
    public bool HasInterfaceList => this >= V030;

    /// <summary>CHECK exists from 0.4.0 on.</summary>
    public bool HasCheck => this >= V040;

    /// <summary>GC and STATUS exist from 1.1.0 on.</summary>
    public bool HasGcAndStatus => this >= V110;

    /// <summary>Results name each IP's family in <c>ips[].version</c> before 1.0.0.</summary>
    public bool HasIpVersionField => this < V100;

    /// <summary>1.1.0 added interface mtu/socketPath/pciID and route mtu/advmss/priority/table/scope.</summary>
    public bool HasExtendedResultFields => this >= V110;

    public bool IsSupported => Supported.Contains(this);

    public static bool TryParse(string? text, out CniVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        if (!TryPart(parts[0], out var major) || !TryPart(parts[1], out var minor) || !TryPart(parts[2], out var patch))
        {
            return false;
        }

        version = new CniVersion(major, minor, patch);
        return true;
    }

    /// <summary>Parses a config's <c>cniVersion</c> and refuses (code 1) any version the bridge does not speak.</summary>
    public static CniVersion ParseSupported(string? text) => CniVersionSet.FromV030.Parse(text);

    public int CompareTo(CniVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(CniVersion a, CniVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(CniVersion a, CniVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(CniVersion a, CniVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(CniVersion a, CniVersion b) => a.CompareTo(b) >= 0;

    /// <summary>"1.0.0". Concatenated: an interpolation with numbers in it rents from the shared ArrayPool, which a plugin
    /// run otherwise never needs (its first spill to the per-core lists runs a processor-id timing loop, ~0.3 ms).</summary>
    public override string ToString() => string.Concat(Major.ToString(), ".", Minor.ToString(), ".", Patch.ToString());

    private static bool TryPart(string s, out int value) => AsciiDecimal.TryParse(s, out value);
}
