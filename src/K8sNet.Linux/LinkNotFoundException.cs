namespace K8sNet.Linux;

/// <summary>ENODEV from a link operation: the named or numbered interface does not exist (DEL treats it as done).</summary>
public sealed class LinkNotFoundException : ErrnoException
{
    public LinkNotFoundException(string operation, string target, string? kernelMessage = null)
        : base(Linux.Errno.ENODEV, operation, target, kernelMessage)
    {
    }
}
