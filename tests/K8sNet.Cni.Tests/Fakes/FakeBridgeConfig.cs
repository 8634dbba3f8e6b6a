using System.Text.Json;
using K8sNet.Cni.Json;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>Plugin-specific keys, read the way a real plugin reads its own keys from the config object.</summary>
public sealed class FakeBridgeConfig
{
    public string? Bridge { get; set; }

    public bool IsGateway { get; set; }

    public bool IpMasq { get; set; }

    public static FakeBridgeConfig Read(JsonElement root, string path)
    {
        var fields = JsonFields.Of(root, path);
        return new FakeBridgeConfig { Bridge = fields.String("bridge"), IsGateway = fields.Bool("isGateway"), IpMasq = fields.Bool("ipMasq") };
    }
}
