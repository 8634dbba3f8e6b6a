namespace K8sNet.Linux.Interop;

/// <summary>
/// K8sNet's one libc layer: every project reaches libc through these declarations, one file per syscall group
/// (dotnet/runtime interop layout). The plain POSIX calls go to Tmds.LibC, which mirrors the C headers; the few it
/// lacks (flock, fstatfs, renameat2 (also for rename), opendir/readdir/closedir) are our own <c>LibraryImport</c>s. Netlink wire structs are
/// ours too (Netlink/Wire). Only declarations, thin forwarders and constants live here; wrappers that turn return
/// codes into exceptions (<see cref="Posix"/>, <see cref="NoFollow"/>, <see cref="Sysctl"/>, <see cref="FdStream"/>,
/// the netlink socket) sit beside their callers.
/// </summary>
/// <remarks>
/// Forwarders take <see cref="SafeFdHandle"/> where the callers hold one and pass its descriptor on: the handle
/// object stays alive for the call because the caller holds it. Tmds.LibC takes paths as NUL-terminated bytes;
/// <see cref="CString"/> encodes them on the stack.
/// </remarks>
internal static partial class Libc
{
    /// <summary>glibc; the executable binds these at link time (DirectPInvoke in src/K8sNet/K8sNet.csproj).</summary>
    internal const string Name = "libc";
}
