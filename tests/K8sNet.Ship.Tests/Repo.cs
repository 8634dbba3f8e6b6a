using K8sNet.Testing;

namespace K8sNet.Ship.Tests;

/// <summary>The repository these tests run from (found upward from the test's directory) and its published binaries.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("K8sNet.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootDirectory.Value;

    public static string File(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => System.IO.File.ReadAllText(File(relative));

    /// <summary>artifacts/bin/k8snet-agent as scripts/publish.sh writes it (K8SNET_AGENT_BINARY overrides).</summary>
    public static string Agent
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("K8SNET_AGENT_BINARY") is { Length: > 0 } fromEnv
                ? fromEnv
                : File("artifacts/bin/k8snet-agent");
            return System.IO.File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found: run scripts/publish.sh");
        }
    }

    /// <summary>The tag scripts/image.sh gives the image, asked from the script itself.</summary>
    public static string ImageTag => Command.Run("bash", [File("scripts/image.sh"), "--print-tag"]).EnsureSuccess("image.sh --print-tag").Stdout.Trim();

    /// <summary>The help text of an agent subcommand: the flags it accepts.</summary>
    public static string AgentHelp(string subcommand) =>
        Command.Run(Agent, [subcommand, "--help"]).EnsureSuccess($"k8snet-agent {subcommand} --help").Stdout;
}
