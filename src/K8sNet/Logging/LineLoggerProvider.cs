using Microsoft.Extensions.Logging;

namespace K8sNet.Logging;

/// <summary>
/// A synchronous ILoggerProvider: formats and writes on the calling thread. The console provider starts a background
/// thread and costs milliseconds per process; a CNI plugin lives for a few milliseconds, so it must not.
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly LineSink _sink;
    private readonly LogLevel _minimum;

    public LineLoggerProvider(LineSink sink, LogLevel minimum)
    {
        _sink = sink;
        _minimum = minimum;
    }

    public ILogger CreateLogger(string categoryName) => CreateLineLogger();

    public LineLogger CreateLineLogger() => new(_sink, _minimum);

    public void Dispose() => _sink.Dispose();
}

/// <summary>
/// One line per event: "2026-11-22T01:07:20.555Z INFO k8snet[PID] message". <see cref="Write"/> is also called
/// directly (not through ILogger.Log&lt;TState&gt;) for the line every run writes: a generic virtual call through an
/// interface starts the runtime's type loader, whose code and tables are pages a plugin run otherwise never touches.
/// </summary>
internal sealed class LineLogger(LineSink sink, LogLevel minimum) : ILogger
{
    private static readonly string Pid = Environment.ProcessId.ToString();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Write(logLevel, formatter(state, exception), exception);
        }
    }

    public void Write(LogLevel logLevel, string message, Exception? exception = null)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var error = exception is null ? string.Empty : $" exception={exception.GetType().Name}: {exception.Message}";
        sink.Write(string.Concat(LogTimestamp.Format(DateTime.UtcNow), " ", LogLevels.ShortName(logLevel), " k8snet[", Pid, "] ", OneLine(message), error, "\n"));
    }

    /// <summary>
    /// The message with each line break (as <see cref="string.ReplaceLineEndings(string)"/> counts them, CRLF as one)
    /// turned into a space, so one event stays one line. Checked by hand: ReplaceLineEndings builds a SearchValues
    /// table on first use, start-up work that every plugin run would pay for a message that has no line break.
    /// </summary>
    internal static string OneLine(string message)
    {
        foreach (var c in message)
        {
            if (c is '\r' or '\n' or '\f' or '\u0085' or '\u2028' or '\u2029')
            {
                return message.ReplaceLineEndings(" ");
            }
        }

        return message;
    }
}
