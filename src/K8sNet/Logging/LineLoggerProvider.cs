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

    public ILogger CreateLogger(string categoryName) => new LineLogger(_sink, _minimum);

    public void Dispose() => _sink.Dispose();

    private sealed class LineLogger(LineSink sink, LogLevel minimum) : ILogger
    {
        private static readonly int Pid = Environment.ProcessId;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception).ReplaceLineEndings(" ");
            var error = exception is null ? string.Empty : $" exception={exception.GetType().Name}: {exception.Message}";
            sink.Write($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {LogLevels.ShortName(logLevel)} k8snet[{Pid}] {message}{error}\n");
        }
    }
}
