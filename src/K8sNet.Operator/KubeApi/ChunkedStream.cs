using System.Globalization;

namespace K8sNet.Operator.KubeApi;

/// <summary>
/// Reads an HTTP/1.1 chunked body (RFC 9112 §7.1): hex size line, data, CRLF, … , "0" and the trailer. A watch is one
/// long chunked body with (usually) one event per chunk; a connection that ends without the "0" chunk is an
/// IOException, so a dropped watch is told apart from one the server ended (timeoutSeconds).
/// </summary>
public sealed class ChunkedStream(Stream inner) : ReadOnlyStream
{
    private long _left;
    private bool _done;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        if (_left == 0)
        {
            var sizeLine = HttpGet.ReadLine(inner);
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal); // chunk extensions are ignored
            var hex = (semicolon < 0 ? sizeLine : sizeLine[..semicolon]).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _left) || _left < 0)
            {
                throw new IOException($"bad chunk size line \"{sizeLine}\"");
            }

            if (_left == 0)
            {
                while (HttpGet.ReadLine(inner).Length > 0)
                {
                    // trailer fields: none are used
                }

                _done = true;
                return 0;
            }
        }

        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        if (read == 0)
        {
            throw new IOException("the connection closed in the middle of a chunk");
        }

        _left -= read;
        if (_left == 0 && HttpGet.ReadLine(inner).Length != 0)
        {
            throw new IOException("a chunk does not end with CRLF");
        }

        return read;
    }
}

/// <summary>A body of known Content-Length; fewer bytes before the connection ends is an IOException.</summary>
public sealed class LengthStream(Stream inner, long length) : ReadOnlyStream
{
    private long _left = length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_left == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        if (read == 0)
        {
            throw new IOException($"the connection closed {_left} bytes before the end of the body");
        }

        _left -= read;
        return read;
    }
}

/// <summary>The Stream boilerplate of a forward-only reader.</summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Events are read a byte at a time: without this, Stream.ReadByte allocates a byte[1] per call.</summary>
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
