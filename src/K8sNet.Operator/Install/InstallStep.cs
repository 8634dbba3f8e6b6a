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
}

/// <summary>One file install writes: a copy of the binary or the conflist, with what would happen to it.</summary>
public sealed record InstallStep(string Target, InstallStepStatus Status, string What, byte[] Content, UnixFileMode Mode)
{
    public string Describe() => Status switch
    {
        InstallStepStatus.Create => $"create  {Target} ({What})",
        InstallStepStatus.Replace => $"replace {Target} ({What})",
        InstallStepStatus.Unchanged => $"keep    {Target} (already identical)",
        _ => $"refuse  {Target}: it exists with different content ({What}); use --force to replace it",
    };
}
