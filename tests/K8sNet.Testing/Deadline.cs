using FluentAssertions;

namespace K8sNet.Testing;

/// <summary>
/// Runs a call on the thread pool and fails the test if it has not returned within the limit: for code that must
/// never block (a FIFO or a link planted where a file was expected), so that a regression fails instead of hanging.
/// </summary>
public static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static T Within<T>(Func<T> call, string because = "the call must not block")
    {
        var task = Task.Run(call);
        task.Wait(Default).Should().BeTrue(because);
        return task.Result;
    }

    public static void Within(Action call, string because = "the call must not block") => Within(() =>
    {
        call();
        return 0;
    }, because);
}
