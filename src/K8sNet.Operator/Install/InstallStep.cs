namespace K8sNet.Operator.Install;

public enum InstallStepStatus
{
    /// <summary>The target does not exist yet.</summary>
    Create,

    /// <summary>The target exists with other content and will be replaced.</summary>
    Replace,

    /// <summary>The target already holds exactly this content: nothing to do.</summary>
    Unchanged,

    /// <summary>The target holds something else and replacing it needs --force.</summary>
    Conflict,

    /// <summary>
    /// The target is another's plugin that does the same job (a reference loopback): it stays, and the rest of the
    /// install goes on; --force replaces it.
    /// </summary>
    Leave,
}

/// <summary>
/// One file install writes: a copy of the binary, a symlink to it (<paramref name="SymlinkTo"/> set; Content unused)
/// or the conflist, with what would happen to it.
/// </summary>
public sealed record InstallStep(string Target, InstallStepStatus Status, string What, byte[] Content, UnixFileMode Mode, string? SymlinkTo = null)
{
    /// <summary>Writes the target, atomically, when the step creates or replaces it; otherwise does nothing.</summary>
    public void Apply()
    {
        if (Status is not (InstallStepStatus.Create or InstallStepStatus.Replace))
        {
            return;
        }

        if (SymlinkTo is { } linkTo)
        {
            AtomicFile.Symlink(Target, linkTo);
        }
        else
        {
            AtomicFile.Write(Target, Content, Mode);
        }
    }

    public string Describe() => Status switch
    {
        InstallStepStatus.Create => $"create  {Target} ({What})",
        InstallStepStatus.Replace => $"replace {Target} ({What})",
        InstallStepStatus.Unchanged => $"keep    {Target} (already identical)",
        InstallStepStatus.Leave => $"leave   {Target}: not k8snet's ({What}); it does the same job, so it stays; --force replaces it",
        _ => $"refuse  {Target}: it exists with different content ({What}); use --force to replace it",
    };
}
