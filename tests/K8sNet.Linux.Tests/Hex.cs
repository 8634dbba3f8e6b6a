namespace K8sNet.Linux.Tests;

/// <summary>Golden bytes as readable hex: whitespace and "//" comments are ignored.</summary>
internal static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var digits = string.Concat(annotated.Split('\n').Select(line =>
        {
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            return comment < 0 ? line : line[..comment];
        })).Replace(" ", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
        return Convert.FromHexString(digits);
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static IReadOnlyList<byte[]> Datagrams(string goldenFile) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", goldenFile))
            .Where(l => l.Length > 0)
            .Select(Convert.FromHexString)
            .ToList();
}
