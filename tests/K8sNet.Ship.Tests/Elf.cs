using System.Buffers.Binary;
using System.Text;

namespace K8sNet.Ship.Tests;

/// <summary>The one ELF fact these tests need: the program interpreter (PT_INTERP), absent in a static executable.</summary>
internal static class Elf
{
    public static string? Interpreter(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            throw new FormatException("not a 64-bit little-endian ELF file");
        }

        var phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(54));
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        for (var i = 0; i < phnum; i++)
        {
            var header = elf.AsSpan(phoff + i * phentsize, phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) == 3)
            {
                var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
                var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
                return Encoding.ASCII.GetString(elf, offset, size).TrimEnd('\0');
            }
        }

        return null;
    }
}
