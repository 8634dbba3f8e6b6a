using System.Runtime.InteropServices;

namespace K8sNet.Linux;

/// <summary>
/// A failed syscall or a netlink NLMSG_ERROR (whose payload is −errno), with what was attempted on which object.
/// Callers branch on <see cref="Errno"/> (e.g. <c>ex.Errno == Errno.EEXIST</c>); the message reads
/// "ip link add br0 type bridge: EEXIST (File exists)" plus the kernel's extended-ack text when it sent one.
/// An <see cref="IOException"/>, as .NET reports failed file syscalls, so a caller that guards file work with
/// <c>catch (IOException)</c> (the lease store) sees these too.
/// Unsealed only so that <see cref="LinkNotFoundException"/> can be caught on its own.
/// </summary>
public class ErrnoException : IOException
{
    private string? _message;

    public ErrnoException(int errno, string operation, string target, string? kernelMessage = null)
    {
        Errno = errno;
        Operation = operation;
        Target = target;
        KernelMessage = kernelMessage;
    }

    /// <summary>
    /// Formatted on first read: an answer such as "no such link" is often only checked for its errno, and the text
    /// needs strerror(3), whose locale machinery is pages of libc a plugin run need not touch.
    /// </summary>
    public override string Message => _message ??= Format(Errno, Operation, Target, KernelMessage);

    /// <summary>The positive errno value.</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. "ENODEV".</summary>
    public string ErrnoName => Linux.Errno.NameOf(Errno);

    /// <summary>What was attempted, e.g. "ip link add" or "open netns".</summary>
    public string Operation { get; }

    /// <summary>The object it was attempted on, e.g. "br0 type bridge" or "/run/netns/pod1".</summary>
    public string Target { get; }

    /// <summary>NLMSGERR_ATTR_MSG from the kernel's extended ack, when there was one.</summary>
    public string? KernelMessage { get; }

    /// <summary>Captures errno right after a failed libc call; call nothing else in between.</summary>
    internal static ErrnoException FromLastError(string operation, string target) =>
        new(Marshal.GetLastPInvokeError(), operation, target);

    private static string Format(int errno, string operation, string target, string? kernelMessage)
    {
        var text = $"{operation} {target}: {Linux.Errno.NameOf(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})";
        return string.IsNullOrEmpty(kernelMessage) ? text : $"{text}: {kernelMessage}";
    }
}
