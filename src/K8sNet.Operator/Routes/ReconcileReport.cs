namespace K8sNet.Operator.Routes;

/// <summary>The lines an operator reads after a reconcile: each write, each route not installed and why, a summary.</summary>
public static class ReconcileReport
{
    /// <summary>Writes (or, with --dry-run, the plan) to <paramref name="output"/>; skips and errors to <paramref name="warnings"/>.</summary>
    public static void Write(ReconcileResult result, TextWriter output, TextWriter warnings, bool verbose)
    {
        var prefix = result.DryRun ? "would " : string.Empty;
        foreach (var action in result.Plan.Actions)
        {
            output.WriteLine($"{prefix}{action}");
        }

        if (verbose)
        {
            foreach (var route in result.Plan.Unchanged)
            {
                output.WriteLine($"unchanged {route}");
            }
        }

        foreach (var skip in result.Plan.Skipped)
        {
            warnings.WriteLine($"k8snet routes: warning: {skip}");
        }

        foreach (var error in result.Errors)
        {
            warnings.WriteLine($"k8snet routes: error: {error}");
        }

        output.WriteLine(Summary(result));
    }

    public static string Summary(ReconcileResult result)
    {
        int added = 0, replaced = 0, deleted = 0;
        foreach (var action in result.Plan.Actions)
        {
            switch (action.Change)
            {
                case RouteChange.Add: added++; break;
                case RouteChange.Replace: replaced++; break;
                default: deleted++; break;
            }
        }

        var self = result.Self.Length == 0 ? "(not a node)" : result.Self;
        var counts = result.DryRun
            ? $"dry run, nothing changed: node {self}: {added} to add, {replaced} to replace, {deleted} to delete"
            : $"node {self}: {added} added, {replaced} replaced, {deleted} deleted";
        return $"{counts}, {result.Plan.Unchanged.Count} unchanged, {result.Plan.Skipped.Count} not installed" +
            (result.Errors.Count > 0 ? $", {result.Errors.Count} failed" : string.Empty);
    }
}
