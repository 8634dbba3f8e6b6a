using System.Text;

namespace K8sNet.Operator.Install;

/// <summary>
/// Decides what install writes by comparing with what is there. Our own binary under its own name is always
/// upgraded; a different <c>bridge</c>/<c>host-local</c> (most likely the reference plugins) or a different config
/// is only replaced with --force, since that changes how every new pod is wired. <c>loopback</c> and <c>portmap</c>
/// are symlinks to k8snet (see <see cref="LinkStep"/>); someone else's is left in place and does not stop the install.
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

        if (options.Loopback)
        {
            steps.Add(LinkStep(Path.Combine(options.BinDir, "loopback"), "loopback", "k8snet as the loopback plugin, a symlink to k8snet", binary, options.Force));
        }

        // The conflist chains "portmap" after the bridge: a runtime finds it by that name in the bin dir.
        steps.Add(LinkStep(Path.Combine(options.BinDir, "portmap"), "portmap", "k8snet as the portmap plugin (hostPorts), a symlink to k8snet", binary, options.Force));

        // The conflist stays last: it is what makes the runtime use the rest, and `install --dry-run` prints it.
        steps.Add(Step(Path.Combine(options.ConfDir, InstallOptions.ConfFileName), conflist, $"network {options.Name} on {options.Bridge}, pods {string.Join(",", options.PodCidrs)}", Readable, mustForce: true, options.Force));
        return steps;
    }

    /// <summary>
    /// <c>loopback</c> (or <c>portmap</c>) as a relative symlink to <c>k8snet</c> in the same directory, not a copy or a hard link: one
    /// inode, so the atomic rename that upgrades k8snet upgrades loopback with it (a hard link would keep the old
    /// inode, a copy would upgrade a moment apart and cost another 6 MB); the runtime execs it by its name, so argv[0]
    /// still says "loopback"; libcni finds it with stat, which follows the link; and it stays valid wherever the bin
    /// dir is mounted. A k8snet one of any build is upgraded; another's stays unless --force.
    /// </summary>
    private static InstallStep LinkStep(string target, string name, string what, byte[] ours, bool force)
    {
        var info = new FileInfo(target);
        var status = info.LinkTarget == "k8snet" ? InstallStepStatus.Unchanged
            : info.LinkTarget is null && !info.Exists ? InstallStepStatus.Create
            : force || IsBrokenLink(info) || K8sNetBinary.OwnerOf(target, ours) != BinaryOwner.Foreign ? InstallStepStatus.Replace
            : InstallStepStatus.Leave;
        return new InstallStep(target, status, status == InstallStepStatus.Leave ? $"another {name} plugin" : what, [], 0, SymlinkTo: "k8snet");
    }

    /// <summary>A symlink to nothing runs for no one: replacing it takes nothing away.</summary>
    private static bool IsBrokenLink(FileInfo info)
    {
        try
        {
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true };
        }
        catch (IOException)
        {
            return true; // a loop of links
        }
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
