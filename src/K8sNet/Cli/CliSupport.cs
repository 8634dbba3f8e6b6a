using System.CommandLine;
using K8sNet.Cni;
using K8sNet.Linux;
using K8sNet.Masquerade;
using K8sNet.Operator.Config;
using K8sNet.Operator.Install;
using K8sNet.Operator.Routes;

namespace K8sNet.Cli;

/// <summary>Exit codes of the operator commands, for scripts (documented in each command's help).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Invalid config, refused overwrite, or an error (the message on stderr says which).</summary>
    public const int Failed = 1;

    /// <summary>inspect found inconsistencies; gc --dry-run found something to remove.</summary>
    public const int Findings = 3;
}

/// <summary>Options the node-reading commands share, and the one place errors become a plain stderr line.</summary>
internal static class CliSupport
{
    public static Option<string?> ConfDir() => new("--conf-dir")
    {
        Description = $"Directory of CNI configs; every K8sNet network in it is used (default {NetworkSource.DefaultConfDir})",
    };

    public static Option<string?> ConfigFile() => new("--config")
    {
        Description = "One .conf or .conflist instead of the whole conf dir",
    };

    public static Option<string?> Network() => new("--network")
    {
        Description = "Only this network (the config's \"name\")",
    };

    /// <summary>Loads the networks; skipped files are reported on stderr, a missing network is an error.</summary>
    public static IReadOnlyList<K8sNetNetwork> Networks(ParseResult parse, Option<string?> configFile, Option<string?> confDir, Option<string?>? network = null)
    {
        var (networks, warnings) = NetworkSource.Load(parse.GetValue(configFile), parse.GetValue(confDir), network is null ? null : parse.GetValue(network));
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine($"k8snet: warning: {warning}");
        }

        return networks.Count > 0
            ? networks
            : throw new ConfigFileException("config", "no K8sNet network found (a config with type \"k8snet\" or \"bridge\"); pass --config FILE or --conf-dir DIR");
    }

    /// <summary>Runs a command body; anything that goes wrong is one readable line on stderr and exit 1, never a stack trace.</summary>
    public static int Guard(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is ConfigFileException or InstallException or CniException or MasqueradeException or NodeListException
            or ErrnoException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"k8snet {command}: {ex.Message}{Hint(ex)}");
            return ExitCodes.Failed;
        }
    }

    private static string Hint(Exception ex) =>
        ex is UnauthorizedAccessException || (ex is ErrnoException { Errno: Errno.EPERM or Errno.EACCES })
            ? " (run as root)"
            : string.Empty;
}
