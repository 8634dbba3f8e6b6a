using System.Text.Json;
using K8sNet.Cni.Results;

namespace K8sNet.Cni.Json;

/// <summary>The keys every plugin config shares (SPEC §1), read from the parsed stdin object.</summary>
public static class NetConfJson
{
    /// <param name="path">Where the object sits, for messages: "" on stdin, "plugins[1]" in a conflist.</param>
    public static NetConf Read(JsonElement root, string path = "")
    {
        var fields = JsonFields.Of(root, path);
        return new NetConf
        {
            Root = root,
            CniVersion = fields.String("cniVersion"),
            Name = fields.String("name"),
            Type = fields.String("type"),
            Ipam = fields.Raw("ipam"),
            Dns = fields.Object("dns") is { } dns ? CniResultJson.ReadDns(dns) : null,
            PrevResult = fields.Raw("prevResult"),
            RuntimeConfig = fields.Raw("runtimeConfig"),
            Args = fields.Raw("args"),
            LogFile = fields.String("logFile"),
            LogLevel = fields.String("logLevel"),
            ValidAttachments = fields.List("cni.dev/valid-attachments", ReadAttachment),
            LegacyAttachments = fields.List("cni.dev/attachments", ReadAttachment),
        };
    }

    private static GcAttachment ReadAttachment(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path);
        return new GcAttachment
        {
            ContainerId = fields.String("containerID") ?? string.Empty,
            IfName = fields.String("ifname") ?? string.Empty,
        };
    }
}
