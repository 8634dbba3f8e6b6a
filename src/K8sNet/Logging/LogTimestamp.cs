namespace K8sNet.Logging;

/// <summary>
/// UTC time as "yyyy-MM-ddTHH:mm:ss.fffZ", written digit by digit. A custom DateTime format string goes through the
/// culture's DateTimeFormatInfo and calendar: measurable start-up work and pages for one timestamp per run.
/// </summary>
internal static class LogTimestamp
{
    public static string Format(DateTime utc) => string.Create(24, utc, static (span, t) =>
    {
        Digits(span[..4], t.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), t.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), t.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), t.Second);
        span[19] = '.';
        Digits(span.Slice(20, 3), t.Millisecond);
        span[23] = 'Z';
    });

    private static void Digits(Span<char> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
