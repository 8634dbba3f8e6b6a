using System.Text;

namespace K8sNet.Operator.Install;

/// <summary>
/// Decides what install writes by comparing with what is there. Our own binary under its own name is always
/// upgraded; a different <c>bridge</c>/<c>host-local</c> (most likely the reference plugins) or a different config
/// is only replaced with --force, since that changes how every new pod is wired.
/// </summary>
public static class InstallPlanner
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static IReadOnlyList<InstallStep> Plan(InstallOptions options)
    {
        var conflist = Encoding.UTF8.GetBytes(ConflistBuilder.Build(options));
        byte[] binary;
        try
        {
            binary = File.ReadAllBytes(options.SourceBinary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstallException($"cannot read the k8snet binary {options.SourceBinary}: {ex.Message}");
        }

        var steps = new List<InstallStep> { Step(Path.Combine(options.BinDir, "k8snet"), binary, "the k8snet binary", Executable, mustForce: false, options.Force) };
        if (options.AlsoAsBridge)
        {
            steps.Add(Step(Path.Combine(options.BinDir, "bridge"), binary, "k8snet as the bridge plugin", Executable, mustForce: true, options.Force));
        }

        if (options.AlsoAsHostLocal)
        {
            steps.Add(Step(Path.Combine(options.BinDir, "host-local"), binary, "k8snet as the host-local plugin", Executable, mustForce: true, options.Force));
        }

        // The conflist chains "portmap": a runtime finds it by that name in the bin dir. Another portmap there (the
        // reference's) is replaced only with --force, like the other names.
        steps.Add(Step(Path.Combine(options.BinDir, "portmap"), binary, "k8snet as the portmap plugin (hostPorts)", Executable, mustForce: true, options.Force));
        steps.Add(Step(Path.Combine(options.ConfDir, InstallOptions.ConfFileName), conflist, $"network {options.Name} on {options.Bridge}, pods {string.Join(",", options.PodCidrs)}", Readable, mustForce: true, options.Force));
        return steps;
    }

    private static InstallStep Step(string target, byte[] content, string what, UnixFileMode mode, bool mustForce, bool force)
    {
        var status = !File.Exists(target) ? InstallStepStatus.Create
            : SameContent(target, content) ? InstallStepStatus.Unchanged
            : mustForce && !force ? InstallStepStatus.Conflict
            : InstallStepStatus.Replace;
        return new InstallStep(target, status, what, content, mode);
    }

    private static bool SameContent(string path, byte[] content)
    {
        try
        {
            return new FileInfo(path).Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
