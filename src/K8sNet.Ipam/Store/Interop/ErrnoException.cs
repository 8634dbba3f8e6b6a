namespace K8sNet.Ipam.Store.Interop;

/// <summary>A failed syscall with its errno, captured right after the call.</summary>
public sealed class ErrnoException : IOException
{
    public ErrnoException(int errno, string operation, string target)
        : base($"{operation} {target}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Errno = errno;
        Operation = operation;
        Target = target;
    }

    public int Errno { get; }

    public string Operation { get; }

    public string Target { get; }
}
