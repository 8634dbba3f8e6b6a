using K8sNet.Cni.Results;
using Microsoft.Extensions.Logging;

namespace K8sNet.Cni;

/// <summary>Everything a plugin verb needs: the checked environment, the parsed common config and a logger.</summary>
public sealed record CniInvocation(
    CniRequest Request,
    NetConf Config,
    CniVersion Version,
    CniResult? PrevResult,
    ILogger Logger)
{
    public CniCommand Command => Request.Command;

    public string NetworkName => Config.Name!;
}
