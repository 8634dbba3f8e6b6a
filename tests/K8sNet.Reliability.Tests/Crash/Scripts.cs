using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Crash;

/// <summary>Runs one of the repository's scripts (scripts/crash.sh, scripts/soak.sh) from the repository root.</summary>
internal static class Scripts
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "K8sNet.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root (K8sNet.sln) not found");
        }
    }

    public static CommandResult Run(string script, TimeSpan timeout, params string[] arguments) =>
        Command.Run("/bin/bash", [Path.Combine(Root, "scripts", script), .. arguments], timeout: timeout);
}
