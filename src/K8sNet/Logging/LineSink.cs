using System.Text;

namespace K8sNet.Logging;

/// <summary>
/// Where log lines go: a file opened with O_APPEND (each line is one write(2), so lines from concurrent plugin
/// processes neither interleave nor overwrite each other) or stderr. A file that cannot be opened falls back to stderr.
/// </summary>
internal sealed class LineSink : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _owned;

    private LineSink(Stream stream, bool owned)
    {
        _stream = stream;
        _owned = owned;
    }

    public static LineSink Open(string target)
    {
        if (target is "" or "stderr" or "-")
        {
            return Stderr();
        }

        try
        {
            var dir = Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            var stream = Linux.FdStream.OpenAppend(target);
            return new LineSink(stream, owned: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var sink = Stderr();
            sink.Write($"k8snet: cannot open log file {target} ({ex.Message}); logging to stderr\n");
            return sink;
        }
    }

    private static LineSink Stderr() => new(Linux.FdStream.StandardError(), owned: false);

    public void Write(string line)
    {
        try
        {
            _stream.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (IOException)
        {
            // A full disk or closed stderr must not fail the CNI operation itself.
        }
    }

    public void Dispose()
    {
        if (_owned)
        {
            _stream.Dispose();
        }
    }
}
