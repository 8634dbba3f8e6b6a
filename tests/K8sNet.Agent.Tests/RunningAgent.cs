using System.Diagnostics;
using System.Text;
using K8sNet.Testing;

namespace K8sNet.Agent.Tests;

/// <summary>A running agent: its collected output, its endpoints (queried inside the netns), SIGTERM.</summary>
public sealed class RunningAgent
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TestNetNs _node;

    public RunningAgent(Process process, TestNetNs node)
    {
        Process = process;
        _node = node;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    private static void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }

    /// <summary>GET on the agent's listener inside the netns: (status, body).</summary>
    public (int Status, string Body) Get(string path, int port = 9765)
    {
        var result = _node.TryExec($"curl -s -o /dev/stdout -w '\\n%{{http_code}}' http://127.0.0.1:{port}{path}");
        var text = result.Stdout.TrimEnd('\n');
        var cut = text.LastIndexOf('\n');
        return int.TryParse(text[(cut + 1)..], out var status) ? (status, cut < 0 ? string.Empty : text[..cut]) : (0, text);
    }

    /// <summary>A sample of /metrics ("name{labels}" → value); -1 when absent.</summary>
    public long Metric(string sample)
    {
        foreach (var line in Get("/metrics").Body.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>Polls until the condition holds (deadline, never a timing assertion); false when it never did.</summary>
    public static bool Eventually(Func<bool> condition, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return condition();
    }

    /// <summary>SIGTERM to the agent (not the ip/unshare wrappers, which exec'd into it), and its exit code.</summary>
    public int Terminate(TimeSpan within)
    {
        Command.Sh($"kill -TERM {Process.Id}");
        return Process.WaitForExit(within) ? Process.ExitCode : -1;
    }
}
