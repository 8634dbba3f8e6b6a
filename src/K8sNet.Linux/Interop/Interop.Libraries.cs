namespace K8sNet.Linux.Interop;

/// <summary>
/// Raw libc bindings, one file per syscall group (dotnet/runtime interop layout). Only declarations and
/// constants live here; wrappers that turn return codes into exceptions sit beside their callers.
/// </summary>
internal static partial class Libc
{
    /// <summary>glibc, resolved by the runtime's probing ("libc" → libc.so.6).</summary>
    internal const string Name = "libc";
}
