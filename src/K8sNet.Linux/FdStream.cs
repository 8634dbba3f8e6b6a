using K8sNet.Linux.Interop;

namespace K8sNet.Linux;

/// <summary>
/// An inherited descriptor (stdin, stdout, stderr) as a stream over plain read(2)/write(2). FileStream would track a
/// position and use pwrite on a regular file, overwriting what shares the file; System.Console would start terminal
/// and signal handling with a thread of its own. A plugin needs neither.
/// </summary>
public sealed class FdStream : Stream
{
    private readonly SafeFdHandle _fd;
    private readonly bool _writable;

    private FdStream(SafeFdHandle fd, bool writable)
    {
        _fd = fd;
        _writable = writable;
    }

    private FdStream(int fd, bool writable)
        : this(new SafeFdHandle(fd, ownsHandle: false), writable)
    {
    }

    /// <summary>
    /// Opens a file for appending with O_APPEND, so each write(2) lands at the end even while other processes append
    /// to the same file (a log shared by concurrent plugin runs). FileStream's Append mode tracks a position instead.
    /// </summary>
    public static FdStream OpenAppend(string path, uint mode = 0x1a0 /* 0640 */)
    {
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, mode);
        if (fd < 0)
        {
            throw new IOException(ErrnoException.FromLastError("open for append", path).Message);
        }

        return new FdStream(new SafeFdHandle(fd), writable: true);
    }

    public static FdStream StandardInput() => new(0, writable: false);

    public static FdStream StandardOutput() => new(1, writable: true);

    public static FdStream StandardError() => new(2, writable: true);

    public override bool CanRead => !_writable;

    public override bool CanWrite => _writable;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var read = Libc.Read(_fd, data, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new IOException(new ErrnoException(errno, "read", $"fd {_fd.DangerousGetHandle()}").Message);
                }
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Writes everything, looping over short writes (a pipe may take less than asked).</summary>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* data = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var written = Libc.Write(_fd, data + done, (nuint)(buffer.Length - done));
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new IOException(new ErrnoException(errno, "write", $"fd {_fd.DangerousGetHandle()}").Message);
                }
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fd.Dispose();
        }

        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
