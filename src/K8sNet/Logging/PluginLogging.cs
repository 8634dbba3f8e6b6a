using K8sNet.Cni;
using Microsoft.Extensions.Logging;

namespace K8sNet.Logging;

/// <summary>
/// Logging for plugin mode. The destination (file or stderr) and level come from the config (logFile, logLevel) or
/// the environment (K8SNET_LOG_FILE, K8SNET_LOG_LEVEL); default /var/log/k8snet/k8snet.log at Information.
/// Never stdout: that belongs to the protocol.
/// </summary>
internal sealed class PluginLogging : IDisposable
{
    public const string DefaultLogFile = "/var/log/k8snet/k8snet.log";
    private const string Null = "(null)";

    private readonly Func<string, string?> _getenv;
    private LineLoggerProvider? _provider;
    private LineLogger? _logger;

    public PluginLogging(Func<string, string?> getenv) => _getenv = getenv;

    /// <summary>Called by the dispatcher once the config is parsed (or with null when it could not be).</summary>
    public ILogger LoggerFor(NetConf? conf) => LineFor(conf);

    /// <summary>
    /// The one line per verb: what, for whom, how it ended and how long it took. Formatted here and written by our
    /// line logger directly (see <see cref="LineLogger"/>); absent values read "(null)" as a logging template has them.
    /// </summary>
    public void LogOutcome(DispatchOutcome outcome)
    {
        var line = LineFor(null);
        var verb = outcome.Command?.ToWire() ?? "?";
        var ms = Milliseconds(outcome.Duration);
        var who = string.Concat(verb, " id=", outcome.ContainerId ?? Null, " netns=", outcome.NetNs ?? Null, " ifname=", outcome.IfName ?? Null);
        if (outcome.ExitCode == 0)
        {
            line.Write(LogLevel.Information, $"{who} result=ok duration={ms}ms");
        }
        else
        {
            var code = outcome.ErrorCode is { } c ? ((int)c).ToString() : Null;
            line.Write(
                LogLevel.Error,
                $"{who} result=error code={code} msg={outcome.ErrorMessage ?? Null} details={outcome.ErrorDetails ?? Null} duration={ms}ms");
        }
    }

    public void Dispose() => _provider?.Dispose();

    /// <summary>
    /// "12.345": integer arithmetic and concatenation, so no number format, no culture data and no pooled interpolation
    /// buffer is needed for it (see RouteNetlink.Dev on what the pool costs a short run).
    /// </summary>
    internal static string Milliseconds(TimeSpan duration)
    {
        var micros = Math.Max(0L, (duration.Ticks + 5) / 10);
        var fraction = (int)(micros % 1000);
        var separator = fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".";
        return string.Concat((micros / 1000).ToString(), separator, fraction.ToString());
    }

    private LineLogger LineFor(NetConf? conf)
    {
        if (_logger is not null)
        {
            return _logger;
        }

        var target = conf?.LogFile ?? _getenv("K8SNET_LOG_FILE") ?? DefaultLogFile;
        var level = LogLevels.Parse(conf?.LogLevel ?? _getenv("K8SNET_LOG_LEVEL"), LogLevel.Information);
        // Our synchronous provider's logger itself, without a LoggerFactory in front: the factory's filter options,
        // provider list and per-call fan-out cost ~0.15 ms per run and add nothing for one logger with one level.
        _provider = new LineLoggerProvider(LineSink.Open(target), level);
        _logger = _provider.CreateLineLogger();
        return _logger;
    }
}
