using System.Runtime.ExceptionServices;
using K8sNet.Linux.Interop;

namespace K8sNet.Linux.Namespaces;

/// <summary>
/// Runs a short synchronous piece of work inside a network namespace on a dedicated new thread:
/// setns(target) → work → setns(back). The caller's thread never changes namespace, and the worker thread is never
/// reused, so even a failed restore cannot leak the pod's netns into the rest of the process (cni#211: threads
/// inherit the namespace of the thread that creates them). The work must not await, start threads or processes,
/// use timers or the thread pool: all of those would run in the wrong namespace or on the wrong thread.
/// Typical use: writing /proc/sys/net sysctls, which resolve against the netns of the thread that opens the file.
/// A bare socket(2) uses <see cref="RunOnCallingThread{T}"/> instead.
/// </summary>
public static class NetNsRunner
{
    public static T Run<T>(NetNs netns, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(netns);
        ArgumentNullException.ThrowIfNull(work);

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunHere(netns, work);
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }, maxStackSize: 256 * 1024)
        {
            IsBackground = true,
            Name = "k8snet-netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public static void Run(NetNs netns, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(netns, () =>
        {
            work();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="syscalls"/> inside <paramref name="netns"/> on the calling thread: setns there, the work,
    /// setns back. Only for work that is a system call or two and nothing else (socket(2)): there a dedicated thread
    /// costs more than the work (start and join, ~0.2 ms per ADD and DEL, more on a busy node). Nothing in between
    /// can create a thread or a process, so nothing inherits the pod's namespace. Should the way back fail, this
    /// thread would go on acting in the pod's namespace, so the process ends at once (FailFast) instead of taking
    /// one more step; the runtime sees a failed ADD and its DEL cleans up as after any other failure.
    /// </summary>
    public static T RunOnCallingThread<T>(NetNs netns, Func<T> syscalls)
    {
        ArgumentNullException.ThrowIfNull(netns);
        ArgumentNullException.ThrowIfNull(syscalls);

        using var home = NetNs.OpenCurrentThread();
        if (Libc.SetNs(netns.Handle, Libc.CLONE_NEWNET) != 0)
        {
            throw ErrnoException.FromLastError("setns", netns.Path);
        }

        try
        {
            return syscalls();
        }
        finally
        {
            if (Libc.SetNs(home.Handle, Libc.CLONE_NEWNET) != 0)
            {
                var failure = ErrnoException.FromLastError("setns back to the original netns", home.Path);
                Environment.FailFast($"k8snet: {failure.Message}; the thread is still in {netns.Path}, ending the process");
            }
        }
    }

    /// <summary>Body of the dedicated thread; the thread ends right after, whatever happens here.</summary>
    private static T RunHere<T>(NetNs netns, Func<T> work)
    {
        using var home = NetNs.OpenCurrentThread();
        if (Libc.SetNs(netns.Handle, Libc.CLONE_NEWNET) != 0)
        {
            throw ErrnoException.FromLastError("setns", netns.Path);
        }

        T result;
        try
        {
            result = work();
        }
        finally
        {
            if (Libc.SetNs(home.Handle, Libc.CLONE_NEWNET) != 0)
            {
                // The thread stays in the pod's netns, but it is ours alone and exits now; nothing else will run on it.
                // Fail loudly: whatever the work produced may still be fine, but this should never happen.
                throw ErrnoException.FromLastError("setns back to the original netns", home.Path);
            }
        }

        return result;
    }
}
