using System.Globalization;
using System.Text;

namespace K8sNet.Agent.Serving;

/// <summary>
/// The agent's counters and gauges, written in the Prometheus text format (version 0.0.4) for /metrics. Updated by
/// the one watch loop, read by the health listener: every field is read and written atomically.
/// </summary>
public sealed class AgentMetrics
{
    private static readonly string[] EventTypes = ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"];
    private readonly long[] _events = new long[EventTypes.Length];
    private long _reconciles;
    private long _failures;
    private long _watchRestarts;
    private long _relists;
    private long _routesV4;
    private long _routesV6;
    private long _notInstalled;
    private long _lastSyncUnixMs;
    private long _podCidrMismatch;

    public bool Ready => Interlocked.Read(ref _lastSyncUnixMs) > 0;

    public void Event(string type)
    {
        var index = Array.IndexOf(EventTypes, type);
        if (index >= 0)
        {
            Interlocked.Increment(ref _events[index]);
        }
    }

    public void WatchRestart() => Interlocked.Increment(ref _watchRestarts);

    public void Relist() => Interlocked.Increment(ref _relists);

    public void Failure() => Interlocked.Increment(ref _failures);

    public void PodCidrMismatch(bool mismatch) => Interlocked.Exchange(ref _podCidrMismatch, mismatch ? 1 : 0);

    /// <summary>A reconcile ran; <paramref name="ok"/> when every wanted route that can be installed is.</summary>
    public void Reconciled(bool ok, int v4, int v6, int notInstalled)
    {
        Interlocked.Increment(ref _reconciles);
        Interlocked.Exchange(ref _routesV4, v4);
        Interlocked.Exchange(ref _routesV6, v6);
        Interlocked.Exchange(ref _notInstalled, notInstalled);
        if (ok)
        {
            Interlocked.Exchange(ref _lastSyncUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        else
        {
            Failure();
        }
    }

    public string Render()
    {
        var text = new StringBuilder(2048);
        Gauge(text, "k8snet_agent_routes", "Routes of ours (proto 58) in the kernel after the last reconcile, per family.", ("family=\"ipv4\"", Read(ref _routesV4)), ("family=\"ipv6\"", Read(ref _routesV6)));
        Gauge(text, "k8snet_agent_routes_not_installed", "Wanted routes left out at the last reconcile (someone else's route, next hop off-link, no InternalIP).", (null, Read(ref _notInstalled)));
        Counter(text, "k8snet_agent_reconciles_total", "Reconciles of this node's routes (after a list, a change of a node's pod CIDRs or InternalIP, a watch's end).", Read(ref _reconciles));
        Counter(text, "k8snet_agent_reconcile_failures_total", "Reconciles or API requests that failed.", Read(ref _failures));
        Counter(text, "k8snet_agent_watch_restarts_total", "Watch requests that ended (timeout, drop, error) and were made again.", Read(ref _watchRestarts));
        Counter(text, "k8snet_agent_relists_total", "Lists made again because the resourceVersion was gone (410) or the stream was unusable.", Read(ref _relists));
        text.Append("# HELP k8snet_agent_watch_events_total Watch events received, per type.\n# TYPE k8snet_agent_watch_events_total counter\n");
        for (var i = 0; i < EventTypes.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"k8snet_agent_watch_events_total{{type=\"{EventTypes[i]}\"}} {Interlocked.Read(ref _events[i])}\n");
        }

        var last = Read(ref _lastSyncUnixMs);
        Gauge(text, "k8snet_agent_last_successful_sync_timestamp_seconds", "Unix time of the last reconcile that left every installable route in place (0: none yet).", (null, last / 1000));
        Gauge(text, "k8snet_agent_pod_cidr_mismatch", "1 when this Node's spec.podCIDRs differ from the subnet(s) of the local CNI config.", (null, Read(ref _podCidrMismatch)));
        return text.ToString();
    }

    private static long Read(ref long field) => Interlocked.Read(ref field);

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static void Gauge(StringBuilder text, string name, string help, params (string? Labels, long Value)[] samples)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
        foreach (var (labels, value) in samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{(labels is null ? string.Empty : $"{{{labels}}}")} {value}\n");
        }
    }
}
