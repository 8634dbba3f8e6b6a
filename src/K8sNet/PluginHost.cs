using K8sNet.Cni;
using K8sNet.Logging;
using Microsoft.Extensions.Logging;

namespace K8sNet;

/// <summary>
/// Composition root for plugin mode: picks the plugin from the name we were run as, runs the dispatcher, and logs one
/// line per verb. No DI container and no console logger here: this path is part of every pod's start-up time.
/// </summary>
internal static class PluginHost
{
    public static int Run()
    {
        var env = new ProcessCniEnvironment();
        using var logs = new PluginLogging(env.GetEnv);
        var dispatcher = new PluginDispatcher(env, logs.LoggerFor);
        var plugin = PluginSelector.ForInvokedName(InvokedName());
        var outcome = dispatcher.Run(plugin);
        logs.LogOutcome(outcome);
        return outcome.ExitCode;
    }

    /// <summary>argv[0] without its directory: "host-local" when installed or linked under that name.</summary>
    private static string InvokedName()
    {
        var args = Environment.GetCommandLineArgs();
        var argv0 = args.Length > 0 ? args[0] : "k8snet";
        return Path.GetFileName(argv0);
    }
}
