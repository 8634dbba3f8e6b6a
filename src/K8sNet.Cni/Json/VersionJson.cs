namespace K8sNet.Cni.Json;

/// <summary>The answer to VERSION (SPEC §5 "VERSION Success").</summary>
public static class VersionJson
{
    public static byte[] Write(string cniVersion, IEnumerable<string> supportedVersions) =>
        new JsonOut().BeginObject().String("cniVersion", cniVersion).StringsIfSet("supportedVersions", supportedVersions).EndObject().ToUtf8();
}
