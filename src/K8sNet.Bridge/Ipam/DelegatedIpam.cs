using System.Net;
using System.Text;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using K8sNet.Cni.Results;
using K8sNet.Linux.Processes;

namespace K8sNet.Bridge.Ipam;

/// <summary>
/// An IPAM plugin other than host-local, executed as the spec says (SPEC §4): found in CNI_PATH, same environment,
/// same stdin, result or error read from its stdout. The type must be a plain file name (CVE-2021-20206).
/// </summary>
public sealed class DelegatedIpam(string type) : IIpamDriver
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public CniResult Add(CniInvocation invocation)
    {
        var stdout = Exec(invocation, CniCommand.Add);
        return CniResultJson.Read(ConfigJson.Parse(Encoding.UTF8.GetBytes(stdout)), "ipam result");
    }

    public void Del(CniInvocation invocation) => Exec(invocation, CniCommand.Del);

    public void Check(CniInvocation invocation) => Exec(invocation, CniCommand.Check);

    public void Gc(CniInvocation invocation) => Exec(invocation, CniCommand.Gc);

    public void Status(CniInvocation invocation) => Exec(invocation, CniCommand.Status);

    public IReadOnlyList<IPAddress> LeasedAddresses(CniInvocation invocation) => [];

    /// <summary>Another IPAM's pool cannot be seen from here: never claim it is empty.</summary>
    public bool RunIfNoLeases(CniInvocation invocation, Action action) => false;

    private string Exec(CniInvocation invocation, CniCommand command)
    {
        var request = new ProcessRequest(Find(invocation.Request.Path), [])
        {
            Environment = new Dictionary<string, string> { ["CNI_COMMAND"] = command.ToWire() },
            Stdin = invocation.Request.StdinData,
            Timeout = Deadline,
        };
        ProcessOutput output;
        try
        {
            output = ProcessRunner.Run(request);
        }
        catch (ProcessRunException ex) when (ex.TimedOut)
        {
            throw new CniException(CniErrorCode.TryAgainLater, $"IPAM plugin {type} did not answer {command.ToWire()} within {Deadline.TotalSeconds} s", inner: ex);
        }
        catch (ProcessRunException ex)
        {
            throw new CniException(CniErrorCode.IoFailure, $"IPAM plugin {type}: {ex.Message}", inner: ex);
        }

        return output.Succeeded ? output.Stdout : throw PluginError(output.Stdout, output.Stderr, output.ExitCode);
    }

    private string Find(IReadOnlyList<string> searchPath)
    {
        if (type.Contains('/') || type is "." or "..")
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: ipam.type: \"{type}\" must be a plain plugin name");
        }

        foreach (var dir in searchPath)
        {
            var candidate = Path.Combine(dir, type);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CniException(CniErrorCode.InvalidEnvironment, $"failed to find IPAM plugin \"{type}\" in CNI_PATH [{string.Join(":", searchPath)}]");
    }

    /// <summary>A delegate's error object keeps its code and message; anything else is reported as it printed it.</summary>
    private CniException PluginError(string stdout, string stderr, int exitCode)
    {
        if (CniErrorJson.TryRead(Encoding.UTF8.GetBytes(stdout)) is { Code: > 0 } error)
        {
            return new CniException((CniErrorCode)error.Code, $"IPAM {type}: {error.Msg}", error.Details);
        }

        return new CniException(CniErrorCode.Internal, $"IPAM plugin {type} failed with exit code {exitCode}: {(stdout + stderr).Trim()}");
    }
}
