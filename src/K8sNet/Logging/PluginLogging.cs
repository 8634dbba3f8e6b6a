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

    private readonly Func<string, string?> _getenv;
    private LineLoggerProvider? _provider;
    private ILogger? _logger;

    public PluginLogging(Func<string, string?> getenv) => _getenv = getenv;

    /// <summary>Called by the dispatcher once the config is parsed (or with null when it could not be).</summary>
    public ILogger LoggerFor(NetConf? conf)
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
        _logger = _provider.CreateLogger("k8snet");
        return _logger;
    }

    /// <summary>The one line per verb: what, for whom, how it ended and how long it took.</summary>
    public void LogOutcome(DispatchOutcome outcome)
    {
        var logger = outcome.Logger ?? LoggerFor(null);
        var verb = outcome.Command?.ToWire() ?? "?";
        var ms = outcome.Duration.TotalMilliseconds;
        if (outcome.ExitCode == 0)
        {
            logger.LogInformation(
                "{Verb} id={ContainerId} netns={NetNs} ifname={IfName} result=ok duration={Ms:0.000}ms",
                verb, outcome.ContainerId, outcome.NetNs, outcome.IfName, ms);
        }
        else
        {
            logger.LogError(
                "{Verb} id={ContainerId} netns={NetNs} ifname={IfName} result=error code={Code} msg={Msg} details={Details} duration={Ms:0.000}ms",
                verb, outcome.ContainerId, outcome.NetNs, outcome.IfName, (int?)outcome.ErrorCode, outcome.ErrorMessage, outcome.ErrorDetails, ms);
        }
    }

    public void Dispose() => _provider?.Dispose();
}
