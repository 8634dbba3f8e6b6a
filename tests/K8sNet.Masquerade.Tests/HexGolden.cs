using System.Buffers.Binary;
using System.Text;

namespace K8sNet.Masquerade.Tests;

/// <summary>Golden bytes as hex, one netlink message per line; '#' starts a comment.</summary>
internal static class HexGolden
{
    public static byte[] Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        if (!File.Exists(path))
        {
            return [];
        }

        var hex = new StringBuilder();
        foreach (var line in File.ReadLines(path))
        {
            var content = line.Split('#')[0];
            hex.Append(string.Concat(content.Where(c => !char.IsWhiteSpace(c))));
        }

        return Convert.FromHexString(hex.ToString());
    }

    /// <summary>Writes into the source tree (run from tests/K8sNet.Masquerade.Tests) when regenerating on purpose.</summary>
    public static void Write(string name, ReadOnlySpan<byte> batch)
    {
        var text = new StringBuilder("# nf_tables batch for network \"bridge\", pod 10.200.0.2/24 (NftMessages.Install); one message per line\n");
        for (var offset = 0; offset < batch.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(batch[offset..]);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(batch[(offset + 4)..]);
            text.Append("# type 0x").Append(type.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            text.Append(Convert.ToHexStringLower(batch.Slice(offset, length))).Append('\n');
            offset += (length + 3) & ~3;
        }

        File.WriteAllText(Path.Combine(FindSourceDirectory(), "Golden", name), text.ToString());
    }

    private static string FindSourceDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "K8sNet.Masquerade.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("source directory not found");
    }
}
