using System.Runtime.InteropServices;

namespace K8sNet.Linux.Interop;

/// <summary>Owns one file descriptor and closes it exactly once.</summary>
internal sealed class SafeFdHandle : SafeHandle
{
    public SafeFdHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    internal SafeFdHandle(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    internal SafeFdHandle(int fd, bool ownsHandle)
        : base(invalidHandleValue: -1, ownsHandle)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle < 0;

    internal int Fd => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
