using System.Text;
using K8sNet.Agent.Api;
using K8sNet.Agent.Watch;

namespace K8sNet.Agent.Tests;

/// <summary>Watch lines come in whatever pieces TCP and HTTP/2 frames cut them into.</summary>
public sealed class LineReaderTests
{
    /// <summary>A stream that hands out at most <paramref name="piece"/> bytes per read.</summary>
    private sealed class Trickle(byte[] data, int piece) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
    }

    private static async Task<List<string>> Lines(string text, int piece, int max = 1 << 20)
    {
        var reader = new LineReader(new Trickle(Encoding.UTF8.GetBytes(text), piece), max);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65536)]
    public async Task Lines_are_the_same_however_the_bytes_arrive(int piece)
    {
        var big = new string('x', 200_000); // longer than the first buffer: it grows
        var lines = await Lines($"{{\"a\":1}}\n\n{big}\n{{\"é\":2}}\nlast-without-newline", piece);

        lines.Should().Equal("{\"a\":1}", string.Empty, big, "{\"é\":2}", "last-without-newline");
    }

    [Fact]
    public async Task A_line_over_the_limit_breaks_the_stream()
    {
        var read = () => Lines(new string('x', 5000) + "\n", 512, max: 4096);

        (await read.Should().ThrowAsync<WatchStreamException>()).Which.Message.Should().Contain("an event longer than 4096 bytes");
    }
}
