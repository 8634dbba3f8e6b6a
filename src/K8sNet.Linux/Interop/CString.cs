using System.Text;

namespace K8sNet.Linux.Interop;

/// <summary>Encodes a path as the NUL-terminated UTF-8 that libc takes, on the caller's stack when it fits.</summary>
internal static class CString
{
    /// <summary>Bytes of stack a caller lends for the encoding; PATH_MAX (4096) paths still fit in the fallback array.</summary>
    internal const int StackBytes = 512;

    /// <summary>
    /// <paramref name="text"/> as UTF-8 followed by one NUL, in <paramref name="scratch"/> when it fits. A string with an
    /// embedded NUL would name a different file than the caller meant, so it is refused as EINVAL.
    /// </summary>
    internal static ReadOnlySpan<byte> Encode(string text, string operation, Span<byte> scratch)
    {
        if (text.Contains('\0'))
        {
            throw new ErrnoException(Errno.EINVAL, operation, text.Replace("\0", "\\0", StringComparison.Ordinal));
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = length < scratch.Length ? scratch : new byte[length + 1];
        Encoding.UTF8.GetBytes(text, buffer);
        buffer[length] = 0;
        return buffer[..(length + 1)];
    }
}
