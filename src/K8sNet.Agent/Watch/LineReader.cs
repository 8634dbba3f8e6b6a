using K8sNet.Agent.Api;

namespace K8sNet.Agent.Watch;

/// <summary>Newline-separated lines of a watch body, read in chunks; a line longer than the limit breaks the stream.</summary>
public sealed class LineReader(Stream body, int maxLineBytes = 16 * 1024 * 1024)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next line without its '\n' (empty lines included); null at the end of the body.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancel)
    {
        var searched = 0; // bytes after _start known to hold no newline (_start moves when the buffer is compacted)
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + searched, _end - _start - searched);
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline - _start).ToArray();
                _start = newline + 1;
                return line;
            }

            searched = _end - _start;
            if (_end - _start >= maxLineBytes)
            {
                throw new WatchStreamException($"watch: an event longer than {maxLineBytes} bytes");
            }

            MakeRoom();
            var read = await body.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return null;
                }

                var rest = _buffer.AsMemory(_start, _end - _start).ToArray();
                _start = _end;
                return rest;
            }

            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
