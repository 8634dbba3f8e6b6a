using System.Text.Json;
using K8sNet.Cni.Json;
using K8sNet.Cni.Results;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Results as the runtime sees them: shaped for a version, then serialised by the protocol's own writer.</summary>
public static class ResultJson
{
    public static JsonElement Shaped(CniResult result, string version)
    {
        var shaped = ResultConverter.ToVersion(result, CniVersion.ParseSupported(version));
        var bytes = CniResultJson.Write(shaped);
        return CniRun.SingleDocument(bytes);
    }

    public static CniResult Read(string json) => CniResultJson.Read(JsonDocument.Parse(json).RootElement, "result");

    public static IEnumerable<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name);
}
