using Microsoft.Extensions.Logging;

namespace K8sNet.Bridge.Steps;

/// <summary>
/// What an ADD has made so far, newest last. On failure every undo runs in reverse order, each failure only logged,
/// so the original error is what the runtime sees and nothing this ADD made is left behind.
/// </summary>
public sealed class UndoStack
{
    private readonly List<(string What, Action Undo)> _undos = [];

    public int Count => _undos.Count;

    public void Push(string what, Action undo) => _undos.Add((what, undo));

    /// <summary>Runs every undo, newest first; returns the ones that failed (already logged).</summary>
    public IReadOnlyList<string> RollBack(ILogger logger)
    {
        var failed = new List<string>();
        for (var i = _undos.Count - 1; i >= 0; i--)
        {
            var (what, undo) = _undos[i];
            try
            {
                undo();
            }
            catch (Exception ex)
            {
                failed.Add(what);
                logger.LogWarning("rollback of {What} failed: {Message}", what, ex.Message);
            }
        }

        _undos.Clear();
        return failed;
    }
}
